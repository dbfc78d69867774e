defmodule MiniPubSub.Demo do
  @moduledoc """
  Runs `MiniPubSub` through its paces and prints what happened: three
  subscribers receive a broadcast, one is killed and `:pg` drops it (watched
  with `:pg.monitor/2`, so the demo waits for the event instead of sleeping),
  and a broadcast to N subscribers is timed until every one has answered.
  """

  @scope :demo_pubsub

  @doc "The demo; run with `mix run -e \"MiniPubSub.Demo.main()\"`."
  @spec main() :: :ok
  def main do
    {:ok, _} = MiniPubSub.start_link(@scope)
    basics()
    Enum.each([10, 100, 1_000, 10_000], &fan_out/1)
  end

  # ANCHOR: channels_pg_basics
  defp basics do
    demo = self()
    {_ref, []} = :pg.monitor(@scope, "room:lobby")

    subscribers =
      for name <- ["ada", "bob", "cy"] do
        spawn(fn ->
          :ok = MiniPubSub.subscribe(@scope, "room:lobby")
          send(demo, {:subscribed, name})
          listen(demo, name)
        end)
      end

    for name <- ["ada", "bob", "cy"], do: receive(do: ({:subscribed, ^name} -> :ok))
    report("after 3 subscribe calls")

    sent = MiniPubSub.broadcast(@scope, "room:lobby", {:new_msg, "hello"})
    IO.puts("broadcast reached #{sent} subscribers:")
    for line <- collect(sent), do: IO.puts("  " <> line)

    # Kill bob. Nobody calls unsubscribe: :pg saw the exit through its monitor.
    bob = Enum.at(subscribers, 1)
    Process.exit(bob, :kill)

    receive do
      {_ref, :leave, "room:lobby", [^bob]} -> IO.puts("pg event: bob's pid left room:lobby")
    end

    report("after bob was killed")
    sent = MiniPubSub.broadcast(@scope, "room:lobby", {:new_msg, "still here?"})
    IO.puts("broadcast reached #{sent} subscribers:")
    for line <- collect(sent), do: IO.puts("  " <> line)
    Enum.each(subscribers, &Process.exit(&1, :kill))
  end

  defp listen(demo, name) do
    receive do
      {:new_msg, body} ->
        send(demo, {:got, "#{name} got #{inspect(body)}"})
        listen(demo, name)
    end
  end

  defp collect(n), do: Enum.sort(for _ <- 1..n, do: receive(do: ({:got, line} -> line)))

  defp report(label) do
    all = length(MiniPubSub.subscribers(@scope, "room:lobby"))
    local = length(MiniPubSub.local_subscribers(@scope, "room:lobby"))
    IO.puts("#{label}: #{all} members in the cluster, #{local} on this node")
  end

  # ANCHOR_END: channels_pg_basics

  # ANCHOR: channels_pg_fan_out
  # Each subscriber answers the broadcast; the clock stops at the last answer.
  # The sender's own share (the send loop) is timed separately.
  defp fan_out(n) do
    demo = self()
    topic = {:fan_out, n}

    joining = System.monotonic_time(:microsecond)

    pids =
      for _ <- 1..n do
        spawn(fn ->
          :ok = MiniPubSub.subscribe(@scope, topic)
          send(demo, :ready)
          receive(do: (:ping -> send(demo, :pong)))
        end)
      end

    for _ <- pids, do: receive(do: (:ready -> :ok))
    joined = System.monotonic_time(:microsecond)
    started = System.monotonic_time(:microsecond)
    ^n = MiniPubSub.broadcast(@scope, topic, :ping)
    sent = System.monotonic_time(:microsecond)
    for _ <- pids, do: receive(do: (:pong -> :ok))
    done = System.monotonic_time(:microsecond)

    IO.puts(
      "#{pad(n)} subscribers: joined in #{ms(joined - joining)}; broadcast: sender busy " <>
        "#{ms(sent - started)}, all answered after #{ms(done - started)} " <>
        "(#{per_member(done - started, n)} per member)"
    )
  end

  # ANCHOR_END: channels_pg_fan_out

  defp pad(n), do: String.pad_leading(Integer.to_string(n), 6)
  defp ms(us), do: "#{:erlang.float_to_binary(us / 1000, decimals: 2)} ms"
  defp per_member(us, n), do: "#{:erlang.float_to_binary(us / n, decimals: 2)} µs"
end
