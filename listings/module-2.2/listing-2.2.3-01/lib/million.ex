defmodule Million do
  @moduledoc """
  Spawns many idle processes and reports what each one costs: the time to spawn it, and the
  memory it holds while it waits in `receive`.

  The processes do nothing on purpose. An idle process is what a chat server holds most of (one
  per connection, one per room, waiting for the next message), so its size is the figure that
  decides how many fit in a machine's memory. The VM refuses to run more processes than its
  limit (`+P`, 262,144 by default in OTP 25), so `main/0` checks the limit first and says how to
  raise it instead of crashing halfway.
  """

  @count 1_000_000

  # ANCHOR: spawn
  @doc """
  Spawns `count` processes that each wait for `:stop`; returns them and the microseconds it took.

  The spawning is split among `spawners` processes, one per scheduler by default, so that every
  scheduler creates processes at once, as the acceptors of a busy server would.
  """
  @spec spawn_idle(pos_integer(), pos_integer()) :: {[pid()], non_neg_integer()}
  def spawn_idle(count, spawners \\ System.schedulers_online()) do
    started = System.monotonic_time(:microsecond)

    tasks =
      for share <- shares(count, spawners) do
        Task.async(fn -> for _ <- 1..share//1, do: spawn(&wait_for_stop/0) end)
      end

    pids = Enum.flat_map(tasks, &Task.await(&1, :infinity))

    {pids, System.monotonic_time(:microsecond) - started}
  end

  # `count` split into `parts` shares that differ by at most one.
  defp shares(count, parts), do: for(i <- 0..(parts - 1), do: div(count + i, parts))

  defp wait_for_stop do
    receive do
      :stop -> :ok
    end
  end

  # ANCHOR_END: spawn

  @doc "Sends `:stop` to every process and waits until each one has ended."
  @spec stop_all([pid()]) :: :ok
  def stop_all(pids) do
    refs = for pid <- pids, do: {pid, Process.monitor(pid)}
    Enum.each(pids, &send(&1, :stop))

    for {pid, ref} <- refs do
      receive do
        {:DOWN, ^ref, :process, ^pid, _reason} -> :ok
      end
    end

    :ok
  end

  # ANCHOR: main
  @doc """
  Spawns a million idle processes, prints the time and memory per process, and halts the VM.
  With too low a process limit it only says how to raise it, and returns.
  """
  @spec main() :: :ok | no_return()
  def main do
    limit = :erlang.system_info(:process_limit)
    in_use = :erlang.system_info(:process_count)
    IO.puts("process limit: #{limit}")

    if limit - in_use < @count do
      IO.puts("too few free slots for #{@count} processes: start the VM with a higher limit,")
      IO.puts(~s{  elixir --erl "+P 2000000" -S mix run -e "Million.main()"})
    else
      measure(@count)
    end
  end

  defp measure(count) do
    :erlang.garbage_collect()
    before = :erlang.memory(:processes)
    spawners = System.schedulers_online()
    {pids, micros} = spawn_idle(count, spawners)
    grown = :erlang.memory(:processes) - before

    {:memory, one} = Process.info(hd(pids), :memory)
    {:total_heap_size, heap_words} = Process.info(hd(pids), :total_heap_size)
    word = :erlang.system_info(:wordsize)

    IO.puts(
      "spawned #{count} processes on #{spawners} schedulers in #{ms(micros)}, " <>
        "#{per(micros, count)} each"
    )

    IO.puts(
      "one idle process: #{one} bytes (#{div(one, word)} words, #{heap_words} of them heap)"
    )

    IO.puts("all processes' memory grew by #{Float.round(grown / 1_073_741_824, 1)} GiB in all,")
    IO.puts("  #{Float.round(grown / count / one, 2)}x one process's size per process")

    # No stop_all/1 and no orderly shutdown: the VM's own stop kills the processes one by one,
    # which takes about as long as spawning them. Halting hands their memory back in one go.
    System.halt(0)
  end

  # ANCHOR_END: main

  defp ms(micros), do: "#{Float.round(micros / 1000, 1)} ms"
  defp per(micros, count), do: "#{Float.round(micros / count, 2)} µs"
end
