# Exercise 2.2.5-2: a pool of job processes on a DynamicSupervisor, with a cap on how many run at once
defmodule Exercise22502.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_5_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.5-2` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
