defmodule WatcherTest do
  use ExUnit.Case, async: true

  @moduletag timeout: 5_000

  test "jobs that return are reported as finished, sorted by name" do
    jobs = [{:b, fn -> :ok end}, {:a, fn -> 1 + 1 end}]
    assert Watcher.watch(jobs, 1_000) == %{finished: [:a, :b], died: %{}, killed: []}
  end

  @tag :capture_log
  test "a job that raises or exits is reported with its reason, and the caller lives on" do
    jobs = [
      {:raises, fn -> raise ArgumentError, "bad input" end},
      {:exits, fn -> exit(:disk_full) end},
      {:fine, fn -> :ok end}
    ]

    report = Watcher.watch(jobs, 1_000)
    assert report.finished == [:fine]
    assert {%ArgumentError{message: "bad input"}, [_ | _]} = report.died[:raises]
    assert report.died[:exits] == :disk_full
    assert report.killed == []
    assert Process.alive?(self())
  end

  test "a job still running at the deadline is killed and reported, and is gone afterwards" do
    me = self()

    hangs = fn ->
      send(me, {:hanging, self()})

      receive do
        :never_sent -> :ok
      end
    end

    started = System.monotonic_time(:millisecond)
    report = Watcher.watch([{:hangs, hangs}, {:quick, fn -> :ok end}], 100)
    elapsed = System.monotonic_time(:millisecond) - started

    assert report == %{finished: [:quick], died: %{}, killed: [:hangs]}
    assert elapsed >= 100 and elapsed < 1_000
    assert_received {:hanging, pid}
    refute Process.alive?(pid)
  end

  test "the deadline is for all jobs together, not a wait per job" do
    # Jobs that end 100, 200, 300 and 400 ms after they start: with one 250 ms deadline for
    # all of them the first two finish and the last two are killed, although each ends less
    # than 250 ms after the one before. The 50 ms margins keep the test steady under load.
    jobs = for n <- 1..4, do: {n, fn -> Process.sleep(n * 100) end}
    assert Watcher.watch(jobs, 250) == %{finished: [1, 2], died: %{}, killed: [3, 4]}
  end

  test "no :DOWN or :EXIT message is left in the caller's mailbox" do
    send(self(), :mine)
    Watcher.watch([{:a, fn -> exit(:boom) end}, {:b, fn -> Process.sleep(:infinity) end}], 50)
    assert {:messages, [:mine]} = Process.info(self(), :messages)
  end

  test "an empty list of jobs gives an empty report at once" do
    assert Watcher.watch([], 1_000) == %{finished: [], died: %{}, killed: []}
  end
end
