defmodule Watcher do
  @moduledoc """
  Runs jobs in processes of their own and reports how each one ended, so that one job that
  crashes or hangs costs only itself: the caller is not linked to any of them, and a job still
  running at the deadline is killed rather than left behind.
  """

  @type report :: %{finished: [term()], died: %{term() => term()}, killed: [term()]}

  # ANCHOR: solution
  @doc """
  Runs each `{name, fun}` of `jobs` in a new process, and waits at most `timeout` milliseconds
  in all for them to end.

  Returns a report: `finished` lists (sorted) the names of the jobs whose process ended with
  reason `:normal`; `died` maps the name of each job that ended otherwise to its exit reason;
  `killed` lists (sorted) the jobs still running at the deadline, which are killed, and have
  ended by the time `watch/2` returns. The caller survives every job, and no message about
  them is left in its mailbox.
  """
  @spec watch([{term(), (() -> term())}], non_neg_integer()) :: report()
  def watch(jobs, timeout) do
    running =
      Map.new(jobs, fn {name, fun} ->
        {pid, ref} = spawn_monitor(fun)
        {ref, {name, pid}}
      end)

    deadline = System.monotonic_time(:millisecond) + timeout
    await(running, deadline, %{finished: [], died: %{}, killed: []})
  end

  defp await(running, _deadline, report) when map_size(running) == 0 do
    %{report | finished: Enum.sort(report.finished), killed: Enum.sort(report.killed)}
  end

  defp await(running, deadline, report) do
    wait = max(deadline - System.monotonic_time(:millisecond), 0)

    receive do
      {:DOWN, ref, :process, _pid, reason} when is_map_key(running, ref) ->
        {{name, _pid}, running} = Map.pop(running, ref)
        await(running, deadline, record(report, name, reason))
    after
      wait -> kill_all(running, report)
    end
  end

  defp record(report, name, :normal), do: %{report | finished: [name | report.finished]}
  defp record(report, name, reason), do: %{report | died: Map.put(report.died, name, reason)}

  # A killed job still sends its :DOWN; wait for each one, so that the jobs are gone and no
  # message is left behind when watch/2 returns. (A job that ended just before the kill is
  # reported as what it was.)
  defp kill_all(running, report) do
    Enum.each(running, fn {_ref, {_name, pid}} -> Process.exit(pid, :kill) end)

    Enum.reduce(running, report, fn {ref, {name, _pid}}, report ->
      receive do
        {:DOWN, ^ref, :process, _pid, :killed} -> %{report | killed: [name | report.killed]}
        {:DOWN, ^ref, :process, _pid, reason} -> record(report, name, reason)
      end
    end)
    |> then(&await(%{}, 0, &1))
  end

  # ANCHOR_END: solution
end
