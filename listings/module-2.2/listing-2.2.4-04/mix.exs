# Listing 2.2.4-4: Task.async/await, Task.async_stream with max_concurrency and a timeout, and Task.Supervisor
defmodule Listing22404.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_4_04,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: []
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
