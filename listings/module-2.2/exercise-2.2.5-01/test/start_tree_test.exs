defmodule ShopTest do
  use ExUnit.Case, async: true

  # What "done" means for Exercise 2.2.5-1.

  @workers [:metrics, :store, :cache, :api]

  setup do
    top = start_supervised!(%{id: :shop, start: {Shop, :start_tree, [self()]}, type: :supervisor})
    for id <- @workers, do: assert_receive({:started, ^id, _})
    %{top: top}
  end

  # Every process of the tree by id: :core and the four workers.
  defp pids(top) do
    top_children = Map.new(Supervisor.which_children(top), fn {id, pid, _, _} -> {id, pid} end)

    core_children =
      if is_pid(top_children[:core]),
        do:
          Map.new(Supervisor.which_children(top_children[:core]), fn {id, pid, _, _} ->
            {id, pid}
          end),
        else: %{}

    Map.merge(top_children, core_children)
  end

  # Stops `id` (killed, or with `reason`), waits for `wait_for` to start again, and
  # returns the ids whose pid changed, sorted.
  defp crash(top, id, wait_for, how \\ :kill) do
    before = pids(top)
    victim = before[id]
    ref = Process.monitor(victim)

    case how do
      :kill -> Process.exit(victim, :kill)
      :normal -> GenServer.stop(victim, :normal)
    end

    assert_receive {:DOWN, ^ref, :process, ^victim, _}
    old = before[wait_for]
    if wait_for, do: assert_receive({:started, ^wait_for, new} when new != old)
    later = pids(top)
    for {id, pid} <- before, later[id] != pid, do: id
  end

  test "the tree has the shape of the spec, and starts in the order shown", %{top: top} do
    assert [{:metrics, _, :worker, _}, {:core, _, :supervisor, _}] =
             Enum.sort_by(Supervisor.which_children(top), fn {id, _, _, _} -> id != :metrics end)

    %{core: core} = pids(top)
    assert Supervisor.count_children(core) == %{active: 3, specs: 3, supervisors: 0, workers: 3}
  end

  test "a crash of :metrics restarts :metrics alone", %{top: top} do
    assert crash(top, :metrics, :metrics) == [:metrics]
  end

  test "a crash of :store restarts :store, :cache and :api", %{top: top} do
    assert Enum.sort(crash(top, :store, :api)) == [:api, :cache, :store]
  end

  test "a crash of :cache restarts :cache and :api, not :store", %{top: top} do
    assert Enum.sort(crash(top, :cache, :api)) == [:api, :cache]
  end

  test "a crash of :api restarts :api alone", %{top: top} do
    assert crash(top, :api, :api) == [:api]
  end

  test ":api is transient: after a normal exit it stays stopped", %{top: top} do
    assert crash(top, :api, nil, :normal) == [:api]
    assert pids(top)[:api] == :undefined
    refute_received {:started, :api, _}
  end

  test "a third crash of :store within 5 s makes :core give up; top starts a new :core",
       %{top: top} do
    assert Enum.sort(crash(top, :store, :api)) == [:api, :cache, :store]
    assert Enum.sort(crash(top, :store, :api)) == [:api, :cache, :store]
    assert Enum.sort(crash(top, :store, :api)) == [:api, :cache, :core, :store]
    assert Enum.sort(crash(top, :store, :api)) == [:api, :cache, :store]
  end
end
