# Exercise 2.2.7-1: apply a presence_diff to a presence_state exactly as phoenix.js's Presence.syncDiff does
defmodule Exercise22701.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_7_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.7-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
