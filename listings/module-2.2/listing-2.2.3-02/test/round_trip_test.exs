defmodule RoundTripTest do
  use ExUnit.Case, async: true

  test "the echo process answers each ping with its tag and payload" do
    echo = RoundTrip.start_echo()
    send(echo, {:ping, self(), :tag, [1, 2, 3]})
    assert_receive {:pong, :tag, [1, 2, 3]}
    send(echo, :stop)
  end

  test "time_round_trips/3 returns one timing per round trip and leaves no reply behind" do
    echo = RoundTrip.start_echo()
    times = RoundTrip.time_round_trips(echo, 50, :small)
    assert length(times) == 50
    assert Enum.all?(times, &(is_integer(&1) and &1 >= 0))
    refute_received {:pong, _, _}
    send(echo, :stop)
  end

  test "the backlog runs leave the caller's mailbox as they found it" do
    echo = RoundTrip.start_echo()
    send(self(), :mine)
    assert length(RoundTrip.with_backlog_counter(echo, 100, 10)) == 10
    assert length(RoundTrip.with_backlog_ref(echo, 100, 10)) == 10
    assert {:messages, [:mine]} = Process.info(self(), :messages)
    send(echo, :stop)
  end

  test "a selective receive by counter pays for the backlog, one by a fresh reference does not" do
    echo = RoundTrip.start_echo()
    median = fn times -> times |> Enum.sort() |> Enum.at(div(length(times), 2)) end
    by_counter = median.(RoundTrip.with_backlog_counter(echo, 20_000, 200))
    by_ref = median.(RoundTrip.with_backlog_ref(echo, 20_000, 200))
    # Scanning 20,000 messages takes tens of microseconds; skipping them, well under one.
    assert by_counter > 10 * by_ref
    send(echo, :stop)
  end

  test "summary/1 reports the minimum, median, 99th percentile and maximum" do
    assert RoundTrip.summary([3_000, 1_000, 2_000]) ==
             "min 1.0 µs, median 2.0 µs, p99 3.0 µs, max 3.0 µs"
  end
end
