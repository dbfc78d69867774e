# Listing 2.2.2-2: the same count over a chat log, eager with Enum and lazy with Stream, under a heap cap
defmodule Listing22202.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_2_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
