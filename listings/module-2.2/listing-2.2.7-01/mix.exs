# Listing 2.2.7-1: a minimal PubSub on OTP's :pg — subscribe, broadcast, dead subscribers leave, fan-out timed
defmodule Listing22701.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_7_01,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
