# Exercise 2.2.7-2: a topic router with Phoenix's rules — exact topics, a trailing splat, "unmatched topic" for the rest
defmodule Exercise22702.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_7_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.7-2` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
