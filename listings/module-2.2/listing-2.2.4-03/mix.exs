# Listing 2.2.4-3: a slow GenServer flooded with casts, and the same load sent as calls
defmodule Listing22403.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_4_03,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
