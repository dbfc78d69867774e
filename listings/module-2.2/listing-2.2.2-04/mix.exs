# Listing 2.2.2-4: a chat frame checked in steps that can each fail, chained with `with`, and a token bucket
defmodule Listing22204.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_2_04,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
