# Listing 2.2.6-2: an RFC 6455 frame decoder and encoder of our own, property-tested against cow_ws
defmodule Listing22602.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_6_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    # cowlib (cow_ws) is the oracle and PropEr generates the inputs; both come
    # from Debian (erlang-cowlib, erlang-proper) and are on Erlang's code path.
    [extra_applications: [:logger, :crypto, :cowlib, :proper]]
  end
end
