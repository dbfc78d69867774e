# Listing 2.2.6-1: the WebSocket upgrade and a Phoenix join, byte by byte, against the running chat
defmodule Listing22601.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_6_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      # The chat of this module, one folder up. `runtime: false`: Mix compiles it and puts it on
      # the code path but does not start it; the program starts it itself, on a free port.
      deps: [{:chat, path: "../chat", runtime: false}]
    ]
  end

  def application do
    [extra_applications: [:logger, :crypto, :cowlib, :jiffy]]
  end
end
