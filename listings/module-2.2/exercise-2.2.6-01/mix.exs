# Exercise 2.2.6-1: read a close frame's status code and reason, refusing what RFC 6455 forbids
defmodule Exercise22601.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_6_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.6-1` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    # cow_ws is the tests' second opinion on which codes are valid.
    [extra_applications: [:logger, :cowlib]]
  end
end
