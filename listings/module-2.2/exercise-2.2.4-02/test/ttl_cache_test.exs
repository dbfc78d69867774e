defmodule TtlCacheTest do
  use ExUnit.Case, async: true

  # A clock the test moves by hand.
  setup context do
    clock = start_supervised!({Agent, fn -> 1_000 end})
    name = :"cache_#{System.unique_integer([:positive])}"
    opts = [name: name, ttl_ms: 100, clock: fn -> Agent.get(clock, & &1) end]
    owner = start_supervised!({TtlCache, opts})
    advance = fn ms -> Agent.update(clock, &(&1 + ms)) end
    Map.merge(context, %{cache: name, owner: owner, advance: advance})
  end

  test "a value is there until its time to live has passed", %{cache: cache, advance: advance} do
    assert TtlCache.get(cache, "ada") == :miss
    :ok = TtlCache.put(cache, "ada", %{rooms: ["lobby"]})
    assert TtlCache.get(cache, "ada") == {:ok, %{rooms: ["lobby"]}}
    advance.(99)
    assert TtlCache.get(cache, "ada") == {:ok, %{rooms: ["lobby"]}}
    advance.(1)
    assert TtlCache.get(cache, "ada") == :miss
  end

  test "a put renews the time to live", %{cache: cache, advance: advance} do
    :ok = TtlCache.put(cache, "ada", 1)
    advance.(80)
    :ok = TtlCache.put(cache, "ada", 2)
    advance.(80)
    assert TtlCache.get(cache, "ada") == {:ok, 2}
  end

  test "reads do not go through the owner", %{cache: cache, owner: owner} do
    :ok = TtlCache.put(cache, "ada", 1)
    :sys.suspend(owner)
    # A suspended owner handles no message; a read that called it would hang.
    assert TtlCache.get(cache, "ada") == {:ok, 1}
    :sys.resume(owner)
  end

  test "only the owner writes the table", %{cache: cache} do
    assert :ets.info(cache, :protection) == :protected
    assert :ets.info(cache, :read_concurrency) == true
  end

  test "sweep deletes the expired entries only", %{cache: cache, advance: advance} do
    :ok = TtlCache.put(cache, "old1", 1)
    :ok = TtlCache.put(cache, "old2", 2)
    advance.(60)
    :ok = TtlCache.put(cache, "new", 3)
    advance.(40)
    assert TtlCache.sweep(cache) == 2
    assert TtlCache.get(cache, "new") == {:ok, 3}
    assert TtlCache.sweep(cache) == 0
    advance.(60)
    assert TtlCache.sweep(cache) == 1
  end

  test "the table goes when the owner does", %{cache: cache, owner: owner} do
    :ok = TtlCache.put(cache, "ada", 1)
    ref = Process.monitor(owner)
    Process.exit(owner, :kill)
    assert_receive {:DOWN, ^ref, :process, ^owner, :killed}
    # The supervisor starts a new owner with an empty table.
    new_owner = GenServer.whereis(cache) || wait_for_restart(cache)
    assert new_owner != owner
    # The name is registered before init/1 runs: a call returns once init is done.
    _ = :sys.get_state(new_owner)
    assert TtlCache.get(cache, "ada") == :miss
  end

  defp wait_for_restart(cache) do
    case GenServer.whereis(cache) do
      nil ->
        :erlang.yield()
        wait_for_restart(cache)

      pid ->
        pid
    end
  end
end
