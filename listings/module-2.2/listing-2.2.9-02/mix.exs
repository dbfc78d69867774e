# Listing 2.2.9-2: a bounded history GenServer checked by a PropEr stateless and a stateful property, and a planted bug found and shrunk
defmodule Listing22902.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_9_02,
      version: "0.1.0",
      elixir: "~> 1.14",
      elixirc_paths: elixirc_paths(Mix.env()),
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger, :proper]]
  end

  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]
end
