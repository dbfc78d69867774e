# Exercise 2.2.3-1: a receive-based collector that gathers tagged replies until a deadline
defmodule Exercise22301.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_3_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.3-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
