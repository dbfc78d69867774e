# Listing 2.2.4-6: reads through a GenServer against direct ETS lookups, and a table that dies with its owner
defmodule Listing22406.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_4_06,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
