# Exercise 2.2.10-1: a room that admits at most N people, counting users and not their tabs
defmodule Exercise221001.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_10_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.10-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
