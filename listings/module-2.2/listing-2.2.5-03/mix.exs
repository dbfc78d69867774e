# Listing 2.2.5-3: an OTP application with a room per process under a DynamicSupervisor, a crash that stays in its room, and the order of shutdown
defmodule Listing22503.MixProject do
  use Mix.Project

  def project do
    [
      app: :listing_2_2_5_03,
      version: "0.1.0",
      elixir: "~> 1.14",
      # The tests start the tree themselves, under start_supervised!/1.
      aliases: [test: "test --no-start"],
      deps: []
    ]
  end

  # ANCHOR: application
  def application do
    [
      mod: {Rooms.Application, []},
      extra_applications: [:logger],
      env: [max_rooms: 100, observer: nil]
    ]
  end

  # ANCHOR_END: application
end
