defmodule EscalationTest do
  use ExUnit.Case, async: true

  test "mid absorbs two crashes in its window and gives up at the third" do
    top =
      start_supervised!(%{id: :top, start: {Escalation, :start_top, [self()]}, type: :supervisor})

    assert_receive {:started, :flaky, _}
    Process.flag(:trap_exit, true)
    assert Escalation.crash_once(top) == :mid
    assert Escalation.crash_once(top) == :mid
    assert Escalation.crash_once(top) == :top
    # The new mid starts with a clean record.
    assert Escalation.crash_once(top) == :mid
  end

  test "when the failure keeps coming back, top gives up and exits with :shutdown" do
    Process.flag(:trap_exit, true)
    {:ok, top} = Escalation.start_top(self())
    results = for _ <- 1..12, do: Escalation.crash_once(top)
    assert Enum.frequencies(results) == %{{:gave_up, :shutdown} => 1, mid: 8, top: 3}
    assert List.last(results) == {:gave_up, :shutdown}
    refute Process.alive?(top)
  end

  test "a child that cannot start makes its supervisor fail to start" do
    Process.flag(:trap_exit, true)
    children = [{Escalation.Worker, {:broken, :nope}}]

    assert {:error, {:shutdown, {:failed_to_start_child, Escalation.Worker, :nope}}} =
             Supervisor.start_link(children, strategy: :one_for_one)
  end
end
