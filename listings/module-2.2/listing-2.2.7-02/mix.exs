# Listing 2.2.7-2: a presence tracker that turns joins, leaves and deaths of monitored processes into Phoenix-format diffs
defmodule Listing22702.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_7_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger, :jiffy]]
  end
end
