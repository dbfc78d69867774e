defmodule LookupsTest do
  use ExUnit.Case, async: true

  # The crashing task logs its crash report; keep it out of the test output.
  @moduletag :capture_log

  setup do
    %{running: :counters.new(2, [:atomics]), tasks: start_supervised!(Task.Supervisor)}
  end

  test "async_stream keeps order, caps concurrency and kills a slow item", %{running: running} do
    results =
      [30, 30, 30, 2_000, 30]
      |> Task.async_stream(&Lookups.fetch(&1, running),
        max_concurrency: 2,
        timeout: 200,
        on_timeout: :kill_task
      )
      |> Enum.to_list()

    assert results == [
             ok: "took 30",
             ok: "took 30",
             ok: "took 30",
             exit: :timeout,
             ok: "took 30"
           ]

    assert :counters.get(running, 2) == 2
  end

  test "a crash under Task.Supervisor comes back as a value", %{running: running, tasks: tasks} do
    task = Task.Supervisor.async_nolink(tasks, fn -> Lookups.fetch(:crash, running) end)
    ref = task.ref
    assert_receive {:DOWN, ^ref, :process, _, {%ArgumentError{}, _}}
  end
end
