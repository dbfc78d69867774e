# Listing 2.2.2-1: a sum and a map written with body recursion and with tail recursion, measured
defmodule Listing22201.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_2_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
