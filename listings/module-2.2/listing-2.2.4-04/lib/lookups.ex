defmodule Lookups do
  @moduledoc """
  Stands in for slow lookups a chat server makes (a user's profile, an avatar,
  a spam check): each takes as long as its name says. The demo runs them with
  `Task`: two awaited in parallel, a batch through `Task.async_stream/3` with
  at most two at a time and a per-item timeout, and a crashing one under a
  `Task.Supervisor`, which the caller survives.
  """

  require Logger

  @doc "A lookup that takes `ms` milliseconds; `:crash` raises."
  @spec fetch(non_neg_integer() | :crash, :counters.counters_ref()) :: String.t()
  def fetch(:crash, _running), do: raise(ArgumentError, "no such user")

  def fetch(ms, running) do
    # Count the lookups running at once, to check max_concurrency.
    :counters.add(running, 1, 1)
    :counters.put(running, 2, max(:counters.get(running, 1), :counters.get(running, 2)))
    Process.sleep(ms)
    :counters.sub(running, 1, 1)
    "took #{ms}"
  end

  @spec main() :: :ok
  def main do
    running = :counters.new(2, [:atomics])

    # ANCHOR: await
    {micros, results} =
      :timer.tc(fn ->
        tasks = [
          Task.async(fn -> fetch(200, running) end),
          Task.async(fn -> fetch(300, running) end)
        ]

        Task.await_many(tasks, 1_000)
      end)

    IO.puts("async/await: #{inspect(results)} in #{div(micros, 1000)} ms")
    # ANCHOR_END: await

    # ANCHOR: stream
    :counters.put(running, 2, 0)

    {micros, results} =
      :timer.tc(fn ->
        [100, 100, 100, 1_000, 100, 100]
        |> Task.async_stream(&fetch(&1, running),
          max_concurrency: 2,
          timeout: 300,
          on_timeout: :kill_task
        )
        |> Enum.to_list()
      end)

    IO.puts("async_stream: #{inspect(results)}")
    IO.puts("  at most #{:counters.get(running, 2)} at once, all done in #{div(micros, 1000)} ms")
    # ANCHOR_END: stream

    # ANCHOR: supervised
    {:ok, tasks} = Task.Supervisor.start_link()
    # The crash report is logged by the task's process; keep it off the output.
    Logger.configure(level: :none)
    task = Task.Supervisor.async_nolink(tasks, fn -> fetch(:crash, running) end)
    outcome = Task.yield(task, 1_000) || Task.shutdown(task)
    Logger.configure(level: :info)
    {:exit, {%ArgumentError{message: message}, _stacktrace}} = outcome
    IO.puts("async_nolink: the task crashed (#{message}); the caller is still alive")
    # ANCHOR_END: supervised
  end
end
