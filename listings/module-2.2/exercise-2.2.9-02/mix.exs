# Exercise 2.2.9-2: the PropEr model of an unread-messages counter, which must accept the real server and catch a buggy one
defmodule Exercise22902.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_9_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.9-2` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/. lib/ holds the server the model
      # describes; test/support/ a buggy copy the model must catch.
      elixirc_paths:
        ["lib", model_path()] ++ if(Mix.env() == :test, do: ["test/support"], else: [])
    ]
  end

  def application do
    [extra_applications: [:logger, :proper]]
  end

  defp model_path do
    if System.get_env("EXERCISE") == "attempt", do: "attempt", else: "solution"
  end
end
