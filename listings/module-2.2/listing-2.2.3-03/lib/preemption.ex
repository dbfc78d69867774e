defmodule Preemption do
  @moduledoc """
  Shows that the BEAM preempts a process that never waits: busy loops on every scheduler slow
  down a neighbour that answers pings, but do not starve it.

  A scheduler lets a process run for a budget of reductions (roughly, function calls) and then
  puts it at the back of its run queue, whether or not it has reached a `receive`. A loop that
  only counts is therefore switched out like any other process. The listing measures the ping
  latency of a responder alone, then with two busy loops per scheduler, one ping at a time.
  """

  # ANCHOR: busy
  @doc "Starts `count` processes that count forever, never waiting for anything."
  @spec start_busy_loops(non_neg_integer()) :: [pid()]
  def start_busy_loops(count), do: for(_ <- 1..count//1, do: spawn(fn -> spin(0) end))

  defp spin(n), do: spin(n + 1)

  @doc "Starts a process that answers `{:ping, from, n}` with `{:pong, n}`."
  @spec start_responder() :: pid()
  def start_responder, do: spawn(&respond/0)

  defp respond do
    receive do
      {:ping, from, n} ->
        send(from, {:pong, n})
        respond()
    end
  end

  @doc "Pings `responder` `count` times, one at a time; returns each latency in nanoseconds."
  @spec ping(pid(), pos_integer()) :: [non_neg_integer()]
  def ping(responder, count) do
    for n <- 1..count do
      started = System.monotonic_time()
      send(responder, {:ping, self(), n})

      receive do
        {:pong, ^n} -> :ok
      end

      System.convert_time_unit(System.monotonic_time() - started, :native, :nanosecond)
    end
  end

  # ANCHOR_END: busy

  # ANCHOR: main
  @doc "Prints the responder's ping latency without and with busy loops on every scheduler."
  @spec main() :: :ok
  def main do
    schedulers = System.schedulers_online()
    responder = start_responder()
    ping(responder, 1_000)

    IO.puts("#{schedulers} schedulers; 1000 pings, one at a time:")
    IO.puts("  no busy loops           #{summary(ping(responder, 1_000))}")

    busy = start_busy_loops(2 * schedulers)
    {micros, {latencies, reductions}} = :timer.tc(fn -> measure_with(busy, responder) end)
    IO.puts("  #{2 * schedulers} busy loops on top     #{summary(latencies)}")
    Enum.each(busy, &Process.exit(&1, :kill))

    per_second = reductions / length(busy) / (micros / 1_000_000)

    IO.puts(
      "meanwhile each busy loop ran #{Float.round(per_second / 1_000_000, 1)}M/s (reductions)"
    )

    :ok
  end

  defp measure_with(busy, responder) do
    before = total_reductions(busy)
    latencies = ping(responder, 1_000)
    {latencies, total_reductions(busy) - before}
  end

  defp total_reductions(pids) do
    pids |> Enum.map(&elem(Process.info(&1, :reductions), 1)) |> Enum.sum()
  end

  # ANCHOR_END: main

  @doc "The median, 99th percentile and maximum of a list of nanosecond timings."
  @spec summary([non_neg_integer()]) :: String.t()
  def summary(times) do
    sorted = Enum.sort(times)
    at = fn q -> Enum.at(sorted, min(length(sorted) - 1, trunc(q * length(sorted)))) end

    "median #{duration(at.(0.5))}, p99 #{duration(at.(0.99))}, max #{duration(List.last(sorted))}"
  end

  defp duration(ns) when ns < 10_000, do: "#{Float.round(ns / 1000, 2)} µs"
  defp duration(ns) when ns < 10_000_000, do: "#{Float.round(ns / 1000, 1)} µs"
  defp duration(ns), do: "#{Float.round(ns / 1_000_000, 1)} ms"
end
