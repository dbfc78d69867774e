defmodule SinkTest do
  use ExUnit.Case, async: true

  setup do
    sink = start_supervised!(Sink)
    :ok = Sink.pause(sink)
    on_exit(fn -> if Process.alive?(sink), do: Sink.resume(sink) end)
    %{sink: sink}
  end

  test "casts to a paused sink all wait in its mailbox", %{sink: sink} do
    for n <- 1..5_000, do: :ok = Sink.notify(sink, n)
    assert Process.info(sink, :message_queue_len) == {:message_queue_len, 5_000}
    Sink.resume(sink)
    assert Sink.handled(sink) == 5_000
  end

  test "each caller has at most one request waiting", %{sink: sink} do
    test = self()

    for n <- 1..50 do
      spawn_link(fn -> send(test, {:delivered, Sink.deliver(sink, n)}) end)
    end

    # Each caller blocks in its call, so 50 callers can have only 50 requests queued.
    wait_for_queue(sink, 50)
    refute_received {:delivered, _}
    Sink.resume(sink)
    for _ <- 1..50, do: assert_receive({:delivered, :ok})
  end

  defp wait_for_queue(sink, length) do
    case Process.info(sink, :message_queue_len) do
      {:message_queue_len, ^length} -> :ok
      {:message_queue_len, queued} when queued < length -> wait_for_queue(sink, length)
    end
  end
end
