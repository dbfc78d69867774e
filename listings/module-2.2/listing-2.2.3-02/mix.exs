# Listing 2.2.3-2: a message round trip between two processes, and what a long mailbox costs a selective receive
defmodule Listing22302.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_3_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
