defmodule CounterDemo do
  @moduledoc """
  Runs both counters through the same steps, then asks each one for its value
  after it has died: the hand-made loop waits out its timeout, the GenServer
  call fails at once because it monitors the server.
  """

  @spec main() :: :ok
  def main do
    loop = LoopCounter.start(0)
    {:ok, server} = Counter.start_link(initial: 0)

    for by <- [1, 2, 3] do
      LoopCounter.increment(loop, by)
      Counter.increment(server, by)
    end

    IO.puts("LoopCounter.value -> #{LoopCounter.value(loop)}")
    IO.puts("Counter.value     -> #{Counter.value(server)}")

    # Kill both, then ask again with a 500 ms timeout.
    Process.exit(loop, :kill)
    Process.unlink(server)
    Process.exit(server, :kill)

    report("LoopCounter.value on a dead process", fn -> LoopCounter.value(loop, 500) end)
    report("Counter.value on a dead process    ", fn -> Counter.value(server, 500) end)
  end

  defp report(label, fun) do
    started = System.monotonic_time(:microsecond)

    reason =
      try do
        fun.()
      catch
        :exit, {reason, {GenServer, :call, _}} -> reason
        :exit, reason -> reason
      end

    waited = (System.monotonic_time(:microsecond) - started) / 1000
    IO.puts("#{label}: exit #{inspect(reason)} after #{Float.round(waited, 1)} ms")
  end
end
