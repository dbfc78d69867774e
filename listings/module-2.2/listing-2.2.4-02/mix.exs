# Listing 2.2.4-2: what a caller sees when a GenServer call times out, and what happens to the late reply
defmodule Listing22402.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_4_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
