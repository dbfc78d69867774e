# Listing 2.2.5-1: the three supervisor strategies, each shown by killing the middle of three children
defmodule Listing22501.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_5_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
