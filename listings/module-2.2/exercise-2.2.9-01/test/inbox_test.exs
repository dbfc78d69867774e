defmodule InboxTest do
  use ExUnit.Case, async: true

  test "returns the payloads in the order they arrived" do
    for n <- 1..3, do: send(self(), {:seen, n})
    assert Inbox.take(:seen, 3, 100) == {:ok, [1, 2, 3]}
  end

  test "waits for messages sent later by another process" do
    me = self()
    spawn_link(fn -> for n <- 1..3, do: send(me, {:seen, n}) end)
    assert Inbox.take(:seen, 3, 1_000) == {:ok, [1, 2, 3]}
  end

  test "zero messages need no wait" do
    assert Inbox.take(:seen, 0, 0) == {:ok, []}
  end

  test "leaves other messages in the mailbox, in place" do
    send(self(), {:other, :a})
    send(self(), {:seen, 1})
    send(self(), {:seen, 2})
    assert Inbox.take(:seen, 1, 100) == {:ok, [1]}
    assert_received {:other, :a}
    assert_received {:seen, 2}
  end

  test "gives up with what it has when too few arrive" do
    send(self(), {:seen, 1})
    assert Inbox.take(:seen, 2, 50) == {:error, {:timeout, [1]}}
  end

  test "the timeout bounds the whole wait, not each message" do
    # One message every 100 ms: each gap is shorter than the timeout of 150 ms,
    # but all three take 300 ms. A per-message timeout would wait for them all.
    for n <- 1..3, do: Process.send_after(self(), {:seen, n}, n * 100)
    started = System.monotonic_time(:millisecond)

    assert {:error, {:timeout, got}} = Inbox.take(:seen, 3, 150)
    assert length(got) < 3
    assert System.monotonic_time(:millisecond) - started < 280
  end
end
