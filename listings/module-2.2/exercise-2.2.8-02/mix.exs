# Exercise 2.2.8-2: the live nodes and whether they are a majority, from nodeup and nodedown events
defmodule Exercise22802.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_8_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.8-2` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
