# Exercise 2.2.4-1: a bank account as a GenServer, with a client API
defmodule Exercise22401.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_4_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.4-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
