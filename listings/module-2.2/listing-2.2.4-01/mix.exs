# Listing 2.2.4-1: a counter written as a hand-made receive loop and as a GenServer, side by side
defmodule Listing22401.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_4_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
