defmodule LastSeenTest do
  # Each test starts its own unnamed tracker with its own unnamed table, so the
  # tests share nothing and may run at the same time as other modules' tests.
  use ExUnit.Case, async: true

  setup do
    # The same slow writes as SleepyTest: these tests must pass anyway.
    server = start_supervised!({LastSeen, write_delay_ms: 200})
    %{server: server, table: LastSeen.table(server)}
  end

  # ANCHOR: barrier
  test "a read after a barrier sees the write", %{server: server, table: table} do
    LastSeen.seen(server, "ada", 10)

    # A call is answered after every message the server received before it,
    # and this process's cast was sent first.
    _ = :sys.get_state(server)

    assert LastSeen.last_seen(table, "ada") == 10
  end

  # ANCHOR_END: barrier

  # ANCHOR: receive
  test "a subscriber is told about each write", %{server: server} do
    :ok = LastSeen.subscribe(server)
    LastSeen.seen(server, "ada", 10)
    LastSeen.seen(server, "bob", 20)

    assert_receive {:seen, "ada", 10}, 1_000
    assert_receive {:seen, "bob", 20}, 1_000
  end

  # ANCHOR_END: receive

  test "an older time does not move last_seen back", %{server: server, table: table} do
    LastSeen.seen(server, "ada", 30)
    LastSeen.seen(server, "ada", 20)
    _ = :sys.get_state(server)
    assert LastSeen.last_seen(table, "ada") == 30
  end

  # ANCHOR: kill
  test "killed, the tracker takes its table with it", %{server: server, table: table} do
    ref = Process.monitor(server)
    Process.exit(server, :kill)
    assert_receive {:DOWN, ^ref, :process, ^server, :killed}

    # The table belonged to the process: its data is gone, not stale. The :ets
    # docs promise the deletion but not its timing; the runtime deletes a dying
    # process's tables before it sends the :DOWN, and this assertion relies on it.
    assert :ets.info(table) == :undefined
    assert_raise ArgumentError, fn -> LastSeen.last_seen(table, "ada") end
  end

  # ANCHOR_END: kill
end
