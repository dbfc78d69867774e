# Listing 2.2.1-3: a chat command parser written with multi-clause functions, guards and tagged tuples
defmodule Listing22103.MixProject do
  use Mix.Project

  def project do
    [app: :listing_2_2_1_03, version: "0.1.0", elixir: "~> 1.14", deps: []]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
