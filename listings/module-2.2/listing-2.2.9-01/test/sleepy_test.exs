defmodule SleepyTest do
  # Excluded by default (test_helper.exs): run it with `mix test --include flaky`.
  use ExUnit.Case, async: true
  @moduletag :flaky

  # ANCHOR: sleepy
  test "a read after a sleep sees the write" do
    # A write that takes 200 ms: a busy CI runner, a garbage collection, a slow disk.
    server = start_supervised!({LastSeen, write_delay_ms: 200})
    table = LastSeen.table(server)

    LastSeen.seen(server, "ada", 10)
    Process.sleep(10)

    assert LastSeen.last_seen(table, "ada") == 10
  end

  # ANCHOR_END: sleepy
end
