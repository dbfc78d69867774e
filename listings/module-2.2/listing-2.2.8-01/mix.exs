# Listing 2.2.8-1: two nodes on loopback: connect, message both ways, a netsplit and its heal
defmodule Listing22801.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_8_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
