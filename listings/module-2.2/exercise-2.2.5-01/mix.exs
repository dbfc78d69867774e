# Exercise 2.2.5-1: write the supervision tree of a small shop service so that each crash restarts exactly what the spec says
defmodule Exercise22501.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_5_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.5-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt",
          do: ["lib", "attempt"],
          else: ["lib", "solution"]
        )
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
