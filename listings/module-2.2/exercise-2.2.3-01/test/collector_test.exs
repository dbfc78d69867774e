defmodule CollectorTest do
  use ExUnit.Case, async: true

  # A backstop: an attempt that waits forever fails in seconds.
  @moduletag timeout: 5_000

  test "returns all values, in arrival order, when they are already there" do
    for n <- 1..3, do: send(self(), {:result, n})
    assert Collector.collect(:result, 3, 100) == {:ok, [1, 2, 3]}
  end

  test "collects replies sent by other processes" do
    me = self()
    for n <- 1..5, do: spawn(fn -> send(me, {:square, n * n}) end)
    assert {:ok, squares} = Collector.collect(:square, 5, 1_000)
    assert Enum.sort(squares) == [1, 4, 9, 16, 25]
  end

  test "takes only `count` messages and leaves the rest" do
    for n <- 1..4, do: send(self(), {:result, n})
    assert Collector.collect(:result, 2, 100) == {:ok, [1, 2]}
    assert_received {:result, 3}
    assert_received {:result, 4}
  end

  test "leaves messages with another tag or shape in the mailbox, in their order" do
    send(self(), {:other, 1})
    send(self(), :stray)
    send(self(), {:result, :a})
    send(self(), {:result, :b, :extra})
    send(self(), {:result, :c})
    assert Collector.collect(:result, 2, 100) == {:ok, [:a, :c]}

    assert {:messages, [{:other, 1}, :stray, {:result, :b, :extra}]} =
             Process.info(self(), :messages)
  end

  test "gives up at the timeout with what has arrived" do
    send(self(), {:result, 1})
    started = System.monotonic_time(:millisecond)
    assert Collector.collect(:result, 3, 50) == {:timeout, [1]}
    elapsed = System.monotonic_time(:millisecond) - started
    assert elapsed >= 50 and elapsed < 500
  end

  test "the timeout is one deadline for all messages, not a wait per message" do
    # A reply every 100 ms: each gap is shorter than the 250 ms timeout, but only the first
    # three (at 0, 100 and 200 ms) arrive within 250 ms of the start. The 50 ms margins keep
    # the test steady on a loaded machine.
    for n <- 1..5, do: Process.send_after(self(), {:result, n}, (n - 1) * 100)

    assert Collector.collect(:result, 5, 250) == {:timeout, [1, 2, 3]}
    assert_receive {:result, 4}, 1_000
    assert_receive {:result, 5}, 1_000
  end

  test "a count of zero returns at once, and a timeout of zero takes only what is there" do
    assert Collector.collect(:result, 0, 1_000) == {:ok, []}
    send(self(), {:result, :here})
    assert Collector.collect(:result, 2, 0) == {:timeout, [:here]}
  end
end
