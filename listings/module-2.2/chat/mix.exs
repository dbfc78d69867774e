# The Module 2.2 project: a real-time chat that speaks Phoenix's channel protocol over WebSocket
defmodule Chat.MixProject do
  use Mix.Project

  def project do
    [
      app: :chat,
      version: "0.1.0",
      elixir: "~> 1.14",
      elixirc_paths: elixirc_paths(Mix.env()),
      # The tests start the application themselves, on a free port and a temporary data folder.
      aliases: [test: "test --no-start"],
      deps: []
    ]
  end

  def application do
    [
      mod: {Chat.Application, []},
      extra_applications: [:logger, :cowlib, :jiffy, :crypto],
      # ANCHOR: chat_settings
      env: [
        ip: {127, 0, 0, 1},
        port: 4000,
        data_dir: nil,
        peers: [],
        heartbeat_timeout: 60_000,
        head_timeout: 5_000,
        max_head_bytes: 8_192,
        max_frame_bytes: 65_536,
        max_channels: 100,
        # Messages a channel may have queued before the socket answers "overloaded".
        max_in_flight: 100,
        # Joins a socket may make: a burst of max_channels (phoenix.js rejoins
        # every channel at once after a reconnect), then this many a second.
        join_rate_per_second: 10,
        join_burst: 100,
        # Rooms running on this node; a join of one more gets "too many rooms".
        max_rooms: 10_000,
        max_body_bytes: 4_096,
        history_size: 50,
        room_idle_ms: 60_000,
        # A channel or connection process idle this long hibernates (Phoenix's
        # channels default to 15 s too): its heap shrinks to what is live.
        hibernate_after: 15_000,
        rate_per_second: 5,
        rate_burst: 10
      ]
      # ANCHOR_END: chat_settings
    ]
  end

  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]
end
