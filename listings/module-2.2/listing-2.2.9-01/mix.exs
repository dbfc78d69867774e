# Listing 2.2.9-1: a last-seen tracker written by casts and read from ETS, tested with a sleep and with a barrier
defmodule Listing22901.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_9_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
