defmodule PresenceTrackerTest do
  use ExUnit.Case, async: true

  setup do
    tracker = start_supervised!(PresenceTracker)
    :ok = PresenceTracker.subscribe(tracker, "room:a")
    %{tracker: tracker}
  end

  defp session, do: spawn(fn -> Process.sleep(:infinity) end)

  test "a join is a diff with only the new meta, and the state groups metas by key", %{
    tracker: tracker
  } do
    {one, two} = {session(), session()}
    {:ok, ref1} = PresenceTracker.track(tracker, one, "room:a", "ada", %{"d" => 1})
    assert_receive {:presence_diff, "room:a", %{"joins" => %{"ada" => %{"metas" => [m1]}}}}
    assert m1 == %{"d" => 1, "phx_ref" => ref1}

    {:ok, ref2} = PresenceTracker.track(tracker, two, "room:a", "ada", %{"d" => 2})
    assert_receive {:presence_diff, "room:a", %{"joins" => joins, "leaves" => leaves}}
    assert joins == %{"ada" => %{"metas" => [%{"d" => 2, "phx_ref" => ref2}]}}
    assert leaves == %{}
    assert ref1 != ref2

    assert PresenceTracker.list(tracker, "room:a") == %{
             "ada" => %{"metas" => [m1, %{"d" => 2, "phx_ref" => ref2}]}
           }
  end

  test "a tracked process that dies leaves every topic it was on", %{tracker: tracker} do
    pid = session()
    {:ok, ref_a} = PresenceTracker.track(tracker, pid, "room:a", "bob", %{})
    {:ok, _ref_b} = PresenceTracker.track(tracker, pid, "room:b", "bob", %{})
    assert_receive {:presence_diff, "room:a", %{"joins" => %{"bob" => _}}}
    Process.exit(pid, :kill)

    assert_receive {:presence_diff, "room:a",
                    %{
                      "joins" => %{},
                      "leaves" => %{"bob" => %{"metas" => [%{"phx_ref" => ^ref_a}]}}
                    }}

    assert PresenceTracker.list(tracker, "room:a") == %{}
    assert PresenceTracker.list(tracker, "room:b") == %{}
  end

  test "untrack is a leave of that presence only", %{tracker: tracker} do
    {one, two} = {session(), session()}
    {:ok, _} = PresenceTracker.track(tracker, one, "room:a", "cy", %{})
    {:ok, ref2} = PresenceTracker.track(tracker, two, "room:a", "cy", %{})
    :ok = PresenceTracker.untrack(tracker, one, "room:a", "cy")
    assert_receive {:presence_diff, "room:a", %{"leaves" => %{"cy" => _}}}

    assert %{"cy" => %{"metas" => [%{"phx_ref" => ^ref2}]}} =
             PresenceTracker.list(tracker, "room:a")
  end
end
