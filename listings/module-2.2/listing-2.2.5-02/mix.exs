# Listing 2.2.5-2: restart intensity: a child that keeps crashing makes its supervisor give up, and the failure climbs the tree
defmodule Listing22502.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_5_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
