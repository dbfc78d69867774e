defmodule Flood do
  @moduledoc """
  Measures the mailbox of a `Sink` under load. First with the sink paused, so
  the counts are exact: a producer that casts fills the mailbox as fast as it
  can send, while callers can each have only one request waiting. Then with a
  slow sink running, to compare the rates at which producers send and the sink
  handles events, with casts and with calls.
  """

  # ANCHOR: paused
  @spec paused() :: :ok
  def paused do
    {:ok, sink} = Sink.start_link()
    :ok = Sink.pause(sink)
    IO.puts("sink paused; one producer casts:")

    Enum.reduce([10_000, 100_000, 1_000_000], 0, fn total, sent ->
      for n <- (sent + 1)..total, do: Sink.notify(sink, {:event, n})
      report(sink)
      total
    end)

    Sink.resume(sink)
    IO.puts("resumed: the sink handled #{Sink.handled(sink)} events")
    report(sink)
    GenServer.stop(sink)

    {:ok, sink} = Sink.start_link()
    :ok = Sink.pause(sink)
    IO.puts("a new sink, paused; 1000 producers each call once:")
    callers = for n <- 1..1000, do: spawn(fn -> Sink.deliver(sink, {:event, n}) end)
    wait_for_queue(sink, 1000)
    report(sink)
    IO.puts("callers waiting for a reply: #{Enum.count(callers, &Process.alive?/1)}")
    Sink.resume(sink)
    GenServer.stop(sink)
  end

  defp report(sink) do
    [message_queue_len: queued, memory: bytes] = Process.info(sink, [:message_queue_len, :memory])

    IO.puts(
      "  message_queue_len #{pad(queued)}   memory #{Float.round(bytes / 1_048_576, 1)} MiB"
    )
  end

  # ANCHOR_END: paused

  defp wait_for_queue(sink, length) do
    case Process.info(sink, :message_queue_len) do
      {:message_queue_len, ^length} -> :ok
      _ -> wait_for_queue(sink, length)
    end
  end

  defp pad(number), do: number |> Integer.to_string() |> String.pad_leading(7)

  # ANCHOR: running
  @spec running() :: :ok
  def running do
    for mode <- [:cast, :call] do
      # Not linked: the sink is killed below, its backlog unread.
      {:ok, sink} = GenServer.start(Sink, 20)
      producers = [spawn_link(fn -> produce(sink, mode) end)]
      Process.sleep(500)
      for producer <- producers, do: send(producer, {:stop, self()})
      sent = Enum.sum(for _ <- producers, do: receive(do: ({:sent, n} -> n)))
      [message_queue_len: backlog] = Process.info(sink, [:message_queue_len])
      handled = sent - backlog

      IO.puts(
        "#{mode}: sent #{per_second(sent)} msgs/s, handled #{per_second(handled)} msgs/s, " <>
          "backlog after 0.5 s #{if backlog > 1_000, do: "over 1000", else: "at most 1"}"
      )

      Process.exit(sink, :kill)
    end

    :ok
  end

  defp produce(sink, mode, sent \\ 0) do
    receive do
      {:stop, from} -> send(from, {:sent, sent})
    after
      0 ->
        if mode == :cast, do: Sink.notify(sink, sent), else: Sink.deliver(sink, sent)
        produce(sink, mode, sent + 1)
    end
  end

  # ANCHOR_END: running

  defp per_second(count), do: round(count / 0.5)

  @spec main() :: :ok
  def main do
    paused()
    running()
  end
end
