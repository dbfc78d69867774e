# Listing 2.2.1-1: a first Mix project, which starts ten thousand BEAM processes and collects their answers
defmodule Listing22101.MixProject do
  use Mix.Project

  def project do
    [app: :listing_2_2_1_01, version: "0.1.0", elixir: "~> 1.14", deps: []]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
