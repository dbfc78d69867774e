defmodule CounterTest do
  use ExUnit.Case, async: true

  test "both counters add up the increments" do
    loop = LoopCounter.start(10)
    on_exit(fn -> Process.exit(loop, :kill) end)
    counter = start_supervised!({Counter, initial: 10})

    for by <- [1, 2, 3] do
      :ok = LoopCounter.increment(loop, by)
      :ok = Counter.increment(counter, by)
    end

    assert LoopCounter.value(loop) == 16
    assert Counter.value(counter) == 16
  end

  test "a call to a dead GenServer exits with :noproc instead of waiting" do
    counter = start_supervised!({Counter, name: :dead_counter})
    ref = Process.monitor(counter)
    :ok = stop_supervised(Counter)
    assert_receive {:DOWN, ^ref, :process, ^counter, _}
    assert catch_exit(Counter.value(counter, 60_000)) |> elem(0) == :noproc
  end

  test "the hand-made loop can only time out" do
    loop = LoopCounter.start(0)
    ref = Process.monitor(loop)
    Process.exit(loop, :kill)
    assert_receive {:DOWN, ^ref, :process, ^loop, :killed}
    assert catch_exit(LoopCounter.value(loop, 50)) == :timeout
  end
end
