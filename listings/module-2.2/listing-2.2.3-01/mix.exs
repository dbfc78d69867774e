# Listing 2.2.3-1: what a million idle processes cost, in spawn time and in memory
defmodule Listing22301.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_3_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
