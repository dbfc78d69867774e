# Listing 2.2.3-3: busy loops on every scheduler do not starve a process that answers pings
defmodule Listing22303.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_3_03,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
