# Exercise 2.2.1-1: parse an HTTP request line into a map, with multi-clause functions and tagged tuples
defmodule Exercise22101.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_1_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.1-1` sets EXERCISE=attempt, so that the tests run against the
      # reader's attempt/; every other run (CI included) tests the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
