defmodule RoomsTest do
  # One tree with fixed names per test, so the tests take turns.
  use ExUnit.Case, async: false

  setup do
    Application.put_env(:listing_2_2_5_03, :observer, self())
    on_exit(fn -> Application.put_env(:listing_2_2_5_03, :observer, nil) end)
    :ok
  end

  defp kill(pid) do
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, :process, ^pid, :killed}
  end

  # ANCHOR: contained
  test "a killed room restarts empty; the other rooms keep their pid and their state" do
    start_supervised!({Rooms.Supervisor, max_rooms: 10})
    rooms = for name <- ["a", "b", "c"], into: %{}, do: {name, elem(Rooms.open(name), 1)}
    for name <- Map.keys(rooms), do: :ok = Rooms.post(name, "hi from #{name}")

    old_b = rooms["b"]
    kill(old_b)
    assert_receive {:started, "b", new_b} when new_b != old_b

    assert Rooms.history("b") == []
    assert Rooms.whereis("a") == rooms["a"] and Rooms.history("a") == ["hi from a"]
    assert Rooms.whereis("c") == rooms["c"] and Rooms.history("c") == ["hi from c"]
  end

  # ANCHOR_END: contained

  test "a room closed on purpose is not restarted (:transient)" do
    start_supervised!({Rooms.Supervisor, max_rooms: 10})
    {:ok, pid} = Rooms.open("quiet")
    ref = Process.monitor(pid)
    :ok = Rooms.close("quiet")
    assert_receive {:DOWN, ^ref, :process, ^pid, :normal}
    assert %{active: 0} = DynamicSupervisor.count_children(Rooms.RoomSupervisor)
    # The Registry drops the dead pid a moment later, on its own schedule, so a lookup
    # here could still see it; opening the room again shows that it is gone.
    assert {:ok, again} = Rooms.open("quiet")
    assert again != pid
  end

  test "opening a running room returns it; one over the cap is refused" do
    start_supervised!({Rooms.Supervisor, max_rooms: 2})
    {:ok, one} = Rooms.open("one")
    assert Rooms.open("one") == {:ok, one}
    {:ok, _} = Rooms.open("two")
    assert Rooms.open("three") == {:error, :too_many_rooms}
  end

  # Application.stop/1 logs a notice; keep it out of the test report.
  @tag :capture_log
  test "stopping the application stops the front before the rooms" do
    {:ok, _} = Application.ensure_all_started(:listing_2_2_5_03)
    {:ok, _} = Rooms.open("x")
    assert_receive {:started, "x", _}
    :ok = Application.stop(:listing_2_2_5_03)
    # Application.stop/1 has returned, so both reports are here; the front's count
    # says the room was still running when the front stopped.
    assert_received {:stopping, :front, 1}
    assert_received {:stopping, "x"}
  end
end
