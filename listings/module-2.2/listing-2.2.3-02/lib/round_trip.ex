defmodule RoundTrip do
  @moduledoc """
  Times message round trips between two processes, and shows what a selective `receive` pays
  when the mailbox holds messages it does not want.

  A round trip is the unit of every request-reply exchange between processes (a GenServer call
  is one), so its cost bounds how chatty a design can be. The timings are taken one round trip at
  a time, with the monotonic clock, and reported as percentiles rather than a mean, because a
  few slow ones (a garbage collection, the OS taking the CPU away) would drag a mean around.
  """

  # ANCHOR: echo
  @doc "Starts a process that answers every `{:ping, from, tag, payload}` with `{:pong, tag, payload}`."
  @spec start_echo() :: pid()
  def start_echo, do: spawn(&echo_loop/0)

  defp echo_loop do
    receive do
      {:ping, from, tag, payload} ->
        send(from, {:pong, tag, payload})
        echo_loop()

      :stop ->
        :ok
    end
  end

  @doc "Sends `count` pings one after another; returns each round trip's time in nanoseconds."
  @spec time_round_trips(pid(), pos_integer(), term()) :: [non_neg_integer()]
  def time_round_trips(echo, count, payload) do
    for n <- 1..count do
      started = System.monotonic_time()
      send(echo, {:ping, self(), n, payload})

      receive do
        {:pong, ^n, _payload} -> :ok
      end

      System.convert_time_unit(System.monotonic_time() - started, :native, :nanosecond)
    end
  end

  # ANCHOR_END: echo

  # ANCHOR: selective
  @doc """
  Fills the caller's mailbox with `backlog` unrelated messages, then times `count` round trips
  whose reply is matched by a counter, which makes every `receive` scan the whole backlog first.
  """
  @spec with_backlog_counter(pid(), non_neg_integer(), pos_integer()) :: [non_neg_integer()]
  def with_backlog_counter(echo, backlog, count) do
    fill_mailbox(backlog)
    times = time_round_trips(echo, count, :small)
    drain_mailbox(backlog)
    times
  end

  @doc """
  The same, but each reply is matched by a reference made just before the send. The compiler
  then lets `receive` start its scan at the point where the reference was made.
  """
  @spec with_backlog_ref(pid(), non_neg_integer(), pos_integer()) :: [non_neg_integer()]
  def with_backlog_ref(echo, backlog, count) do
    fill_mailbox(backlog)
    times = for _ <- 1..count, do: ref_round_trip(echo)
    drain_mailbox(backlog)
    times
  end

  defp ref_round_trip(echo) do
    started = System.monotonic_time()
    ref = make_ref()
    send(echo, {:ping, self(), ref, :small})

    receive do
      {:pong, ^ref, _payload} -> :ok
    end

    System.convert_time_unit(System.monotonic_time() - started, :native, :nanosecond)
  end

  defp fill_mailbox(backlog), do: Enum.each(1..backlog//1, &send(self(), {:unrelated, &1}))

  defp drain_mailbox(backlog) do
    for n <- 1..backlog//1 do
      receive do
        {:unrelated, ^n} -> :ok
      end
    end
  end

  # ANCHOR_END: selective

  @doc "The minimum, median, 99th percentile and maximum of a list of nanosecond timings."
  @spec summary([non_neg_integer()]) :: String.t()
  def summary(times) do
    sorted = Enum.sort(times)
    at = fn q -> Enum.at(sorted, min(length(sorted) - 1, trunc(q * length(sorted)))) end

    "min #{duration(hd(sorted))}, median #{duration(at.(0.5))}, " <>
      "p99 #{duration(at.(0.99))}, max #{duration(List.last(sorted))}"
  end

  defp duration(ns) when ns < 10_000, do: "#{Float.round(ns / 1000, 2)} µs"
  defp duration(ns) when ns < 10_000_000, do: "#{Float.round(ns / 1000, 1)} µs"
  defp duration(ns), do: "#{Float.round(ns / 1_000_000, 1)} ms"

  # ANCHOR: main
  @doc "Prints the round-trip timings and the cost of a selective receive with a backlog."
  @spec main() :: :ok
  def main do
    echo = start_echo()
    # A warm-up, so that the first timed round trips do not pay for loading code.
    time_round_trips(echo, 1_000, :small)

    payloads = [
      {"an atom", :small},
      {"a list of 100 integers", Enum.to_list(1..100)},
      {"a 1 MB binary", :binary.copy("x", 1_000_000)}
    ]

    IO.puts("100000 round trips each, one at a time; payload:")

    for {name, payload} <- payloads do
      IO.puts(
        "  #{String.pad_trailing(name, 24)} #{summary(time_round_trips(echo, 100_000, payload))}"
      )
    end

    IO.puts("1000 round trips with a backlog of unrelated messages in the mailbox, median:")
    IO.puts("  backlog   reply matched by a counter   by a fresh reference")

    for backlog <- [0, 1_000, 10_000, 100_000] do
      by_counter = median(with_backlog_counter(echo, backlog, 1_000))
      by_ref = median(with_backlog_ref(echo, backlog, 1_000))

      IO.puts(
        "  #{String.pad_leading(Integer.to_string(backlog), 7)}   #{String.pad_leading(by_counter, 26)}   #{String.pad_leading(by_ref, 20)}"
      )
    end

    send(echo, :stop)
    :ok
  end

  # ANCHOR_END: main

  defp median(times), do: times |> Enum.sort() |> Enum.at(div(length(times), 2)) |> duration()
end
