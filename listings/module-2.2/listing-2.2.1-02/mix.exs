# Listing 2.2.1-2: building a list by prepending then reversing, against appending one element at a time
defmodule Listing22102.MixProject do
  use Mix.Project

  def project do
    [app: :listing_2_2_1_02, version: "0.1.0", elixir: "~> 1.14", deps: []]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
