# Listing 2.2.4-5: a process per key, named through Registry and started on demand under a DynamicSupervisor
defmodule Listing22405.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_4_05,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
