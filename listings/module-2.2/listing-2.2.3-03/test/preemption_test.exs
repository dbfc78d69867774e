defmodule PreemptionTest do
  use ExUnit.Case, async: false

  test "the responder answers every ping, in order" do
    responder = Preemption.start_responder()
    assert length(Preemption.ping(responder, 100)) == 100
    refute_received {:pong, _}
    Process.exit(responder, :kill)
  end

  test "busy loops on every scheduler do not keep the responder from answering" do
    responder = Preemption.start_responder()
    busy = Preemption.start_busy_loops(2 * System.schedulers_online())
    on_exit(fn -> Enum.each(busy, &Process.exit(&1, :kill)) end)

    # Every ping is answered while the loops run; on a cooperative scheduler the first one
    # would wait forever, since the loops never reach a point where they give way.
    send(responder, {:ping, self(), 1})
    assert_receive {:pong, 1}, 1_000
    assert length(Preemption.ping(responder, 200)) == 200
    assert Enum.all?(busy, &Process.alive?/1)
    Process.exit(responder, :kill)
  end

  test "summary/1 reports the median, 99th percentile and maximum" do
    assert Preemption.summary([2_000, 1_000, 3_000]) == "median 2.0 µs, p99 3.0 µs, max 3.0 µs"
  end
end
