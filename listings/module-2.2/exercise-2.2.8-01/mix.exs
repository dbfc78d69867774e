# Exercise 2.2.8-1: merge two room histories by id after a netsplit heals
defmodule Exercise22801.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_8_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.8-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
