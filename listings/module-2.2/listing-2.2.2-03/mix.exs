# Listing 2.2.2-3: chat messages as structs, a room history that Enum can walk, and a protocol for wire frames
defmodule Listing22203.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_2_03,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
