defmodule Strategies do
  @moduledoc """
  Starts the same three workers, `:a`, `:b` and `:c` in that order, under each
  of the three supervisor strategies, kills `:b` and reports which workers were
  restarted.

  Pids change on every run, so the report says whether a pid changed rather
  than printing it. The wait is by message: `:b` is restarted under every
  strategy, and a supervisor does a whole round of restarts before it answers
  the next call, so once the new `:b` has said it started, `which_children/1`
  sees the round finished.
  """

  alias Strategies.Worker

  @names [:a, :b, :c]

  # ANCHOR: specs
  @doc "Child specs for the three workers; each reports its start to `report_to`."
  @spec children(pid()) :: [Supervisor.child_spec()]
  def children(report_to) do
    for name <- @names do
      Supervisor.child_spec({Worker, {name, report_to}}, id: name)
    end
  end

  # ANCHOR_END: specs

  # ANCHOR: kill
  @doc """
  Kills the child `victim` of `supervisor`, waits until it is running again and
  returns the ids of the children whose pid changed and of those whose did not.
  """
  @spec kill_and_compare(Supervisor.supervisor(), atom()) :: %{
          restarted: [atom()],
          kept: [atom()]
        }
  def kill_and_compare(supervisor, victim) do
    before = pids(supervisor)
    old = before[victim]
    drop_reports(victim)
    ref = Process.monitor(old)
    Process.exit(old, :kill)
    receive do: ({:DOWN, ^ref, :process, ^old, :killed} -> :ok)
    receive do: ({:started, ^victim, new} when new != old -> :ok)
    later = pids(supervisor)

    {restarted, kept} = Enum.split_with(@names, fn name -> later[name] != before[name] end)
    %{restarted: restarted, kept: kept}
  end

  @doc "The current pid of each child, by id."
  @spec pids(Supervisor.supervisor()) :: %{atom() => pid()}
  def pids(supervisor) do
    for {id, pid, :worker, _} <- Supervisor.which_children(supervisor), into: %{}, do: {id, pid}
  end

  # ANCHOR_END: kill

  # ANCHOR: main
  @doc "Runs the experiment under each strategy and prints what it saw."
  @spec main() :: :ok
  def main do
    for strategy <- [:one_for_one, :rest_for_one, :one_for_all] do
      {:ok, sup} = Supervisor.start_link(children(self()), strategy: strategy)
      for name <- @names, do: receive(do: ({:started, ^name, _} -> :ok))

      workers = pids(sup)
      Enum.each(workers, fn {_name, pid} -> Worker.bump(pid) end)

      %{restarted: restarted, kept: kept} = kill_and_compare(sup, :b)
      counts = for {name, pid} <- Enum.sort(pids(sup)), do: "#{name}=#{Worker.count(pid)}"

      IO.puts(
        String.pad_trailing("#{strategy}:", 14) <>
          "killed b; restarted #{inspect(restarted)}, kept #{inspect(kept)}; " <>
          "counters #{Enum.join(counts, " ")}"
      )

      Supervisor.stop(sup)
      flush_started()
    end

    :ok
  end

  # ANCHOR_END: main

  # Reports of earlier starts: the supervisor has answered a call since, so none is in flight.
  defp drop_reports(name) do
    receive do
      {:started, ^name, _} -> drop_reports(name)
    after
      0 -> :ok
    end
  end

  defp flush_started do
    receive do
      {:started, _, _} -> flush_started()
    after
      0 -> :ok
    end
  end
end
