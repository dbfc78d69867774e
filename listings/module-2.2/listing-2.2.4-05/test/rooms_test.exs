defmodule RoomsTest do
  # Not async: the registry and the supervisor have global names.
  use ExUnit.Case

  setup do
    start_supervised!(Rooms)
    :ok
  end

  test "a room starts on first use, once, and answers through its via name" do
    pid = Rooms.ensure_started("lobby")
    assert Rooms.ensure_started("lobby") == pid
    :ok = Rooms.Room.post(Rooms.via("lobby"), "ada", "hi")
    assert Rooms.Room.history(pid) == [{"ada", "hi"}]
  end

  test "racing callers get one process per name" do
    pids =
      for(_ <- 1..50, do: Task.async(fn -> Rooms.ensure_started("help") end))
      |> Task.await_many()
      |> Enum.uniq()

    assert length(pids) == 1
    assert Rooms.count() == 1
  end

  test "a killed room is not restarted by its supervisor, and its name is freed" do
    pid = Rooms.ensure_started("lobby")
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, :process, ^pid, :killed}
    # The Registry and the supervisor learn of the death by messages of their own.
    eventually(fn -> Registry.lookup(Rooms.Registry, "lobby") == [] and Rooms.count() == 0 end)
    assert Rooms.ensure_started("lobby") != pid
  end

  defp eventually(check) do
    unless check.() do
      :erlang.yield()
      eventually(check)
    end
  end
end
