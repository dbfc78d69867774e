# Exercise 2.2.6-2: the server's side of the opening handshake, Sec-WebSocket-Key in, Sec-WebSocket-Accept out
defmodule Exercise22602.MixProject do
  use Mix.Project

  def project do
    [
      app: :exercise_2_2_6_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: [],
      # `cargo xtask exercise 2.2.6-2` sets EXERCISE=attempt: the tests then run against
      # your attempt/ instead of the reference solution/.
      elixirc_paths:
        if(System.get_env("EXERCISE") == "attempt", do: ["attempt"], else: ["solution"])
    ]
  end

  def application do
    # :crypto for SHA-1; cow_ws is the tests' second opinion.
    [extra_applications: [:logger, :crypto, :cowlib]]
  end
end
