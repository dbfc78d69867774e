# The application runs once for the whole suite on a free port (0) and a fresh
# data folder; `mix test` is aliased to `test --no-start` in mix.exs.
data_dir = Path.join(System.tmp_dir!(), "chat-test-#{System.unique_integer([:positive])}")
File.rm_rf!(data_dir)
Application.put_env(:chat, :data_dir, data_dir)
Application.put_env(:chat, :port, 0)
Application.put_env(:chat, :head_timeout, 300)
# Small enough that a test can fill it; the suite's own rooms stay well under.
Application.put_env(:chat, :max_rooms, 400)
# Short, so that the hibernation test need not wait Phoenix's 15 s.
Application.put_env(:chat, :hibernate_after, 200)
{:ok, _} = Application.ensure_all_started(:chat)

node_installed? = File.exists?(Path.expand("../node_modules/phoenix", __DIR__))

exclude =
  cond do
    node_installed? ->
      []

    System.get_env("CI") not in [nil, ""] ->
      # The Node test must run in CI: leave it included so it fails loudly.
      []

    true ->
      IO.puts(
        "Skipping the :node test (npm ci has not been run in #{Path.expand("..", __DIR__)})."
      )

      [:node]
  end

ExUnit.start(exclude: [:cluster | exclude], capture_log: true)
ExUnit.after_suite(fn _results -> File.rm_rf!(data_dir) end)
