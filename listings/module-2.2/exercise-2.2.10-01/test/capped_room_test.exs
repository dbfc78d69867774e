defmodule CappedRoomTest do
  use ExUnit.Case, async: true

  # What "done" means for Exercise 2.2.10-1. The test process joins as an
  # observer where it needs to hear {:left, user}; the other members are
  # processes of their own, so that a test can kill them.

  setup do
    %{room: start_supervised!({CappedRoom, max_users: 2})}
  end

  # A member process, under the test's supervisor (a Task is :temporary, so a
  # killed one stays dead): joins as `user`, reports the answer, then waits.
  defp member(room, user) do
    test = self()

    join_and_wait = fn ->
      send(test, {:joined, self(), CappedRoom.join(room, user)})
      Process.sleep(:infinity)
    end

    pid = start_supervised!(Supervisor.child_spec({Task, join_and_wait}, id: make_ref()))

    assert_receive {:joined, ^pid, result}
    {pid, result}
  end

  defp kill(pid) do
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, :process, ^pid, :killed}
  end

  test "joins up to the cap, each answered with the users present, sorted", %{room: room} do
    assert {_, {:ok, ["bob"]}} = member(room, "bob")
    assert {_, {:ok, ["ada", "bob"]}} = member(room, "ada")
    assert CappedRoom.users(room) == ["ada", "bob"]
  end

  test "one user more is refused with \"room full\", and nothing changes", %{room: room} do
    member(room, "ada")
    member(room, "bob")
    assert {_, {:error, "room full"}} = member(room, "cy")
    assert CappedRoom.users(room) == ["ada", "bob"]
  end

  test "a user already present may join from another session when the room is full",
       %{room: room} do
    member(room, "ada")
    member(room, "bob")
    assert {_, {:ok, ["ada", "bob"]}} = member(room, "ada")
    assert CappedRoom.users(room) == ["ada", "bob"]
  end

  test "a member that dies leaves: the others hear {:left, user}, and its place is free",
       %{room: room} do
    assert {:ok, ["watcher"]} = CappedRoom.join(room, "watcher")
    {bob, {:ok, _}} = member(room, "bob")
    kill(bob)
    # The room sends {:left, ...} once it has handled the :DOWN, so the join
    # below cannot race it.
    assert_receive {:left, "bob"}
    assert CappedRoom.users(room) == ["watcher"]
    assert {_, {:ok, ["cy", "watcher"]}} = member(room, "cy")
  end

  test "a user keeps their place while one of their sessions lives", %{room: room} do
    assert {:ok, ["watcher"]} = CappedRoom.join(room, "watcher")
    {laptop, {:ok, _}} = member(room, "ada")
    {_phone, {:ok, _}} = member(room, "ada")
    kill(laptop)
    refute_receive {:left, "ada"}, 200
    assert CappedRoom.users(room) == ["ada", "watcher"]
    assert {_, {:error, "room full"}} = member(room, "cy")
  end

  test "a process cannot join twice", %{room: room} do
    assert {:ok, ["ada"]} = CappedRoom.join(room, "ada")
    assert {:error, "already joined"} = CappedRoom.join(room, "ada")
    assert {:error, "already joined"} = CappedRoom.join(room, "someone else")
    assert CappedRoom.users(room) == ["ada"]
  end

  test "the last session's death is told to every remaining member once", %{room: room} do
    assert {:ok, ["watcher"]} = CappedRoom.join(room, "watcher")
    {laptop, {:ok, _}} = member(room, "ada")
    {phone, {:ok, _}} = member(room, "ada")
    kill(laptop)
    kill(phone)
    assert_receive {:left, "ada"}
    refute_receive {:left, "ada"}, 100
    assert CappedRoom.users(room) == ["watcher"]
  end
end
