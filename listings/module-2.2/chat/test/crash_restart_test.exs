defmodule Chat.CrashRestartTest do
  use Chat.Case, async: false

  alias Chat.Room

  # ANCHOR: supervision_crash_test
  # ANCHOR: testing_kill_room
  test "a killed room comes back with its history; other rooms are untouched" do
    name = unique_room("crash")
    topic = "room:" <> name
    other_topic = "room:" <> unique_room("calm")
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "c"}, "j1")
    assert {"ok", _} = join(client, other_topic, %{"user" => "c"}, "j2")
    assert {"ok", _} = push_and_reply(client, topic, "new_msg", %{"body" => "before"}, "j1", "m1")

    room = Room.whereis(name)
    other_room = Room.whereis(String.replace_prefix(other_topic, "room:", ""))
    ref = Process.monitor(room)
    Process.exit(room, :kill)
    assert_receive {:DOWN, ^ref, :process, ^room, :killed}

    # The room's channel dies with it, so the client sees phx_error and rejoins
    # (phoenix.js does that by itself).
    assert_receive {:ws, ^client,
                    {:json, ["j1", "j1", ^topic, "phx_error", %{"reason" => "channel_crash"}]}}

    assert {"ok", %{"history" => [%{"body" => "before"}]}} =
             join(client, topic, %{"user" => "c"}, "j3")

    assert Room.whereis(name) not in [nil, room]
    assert Room.whereis(String.replace_prefix(other_topic, "room:", "")) == other_room

    # The other channel never noticed.
    assert {"ok", _} =
             push_and_reply(client, other_topic, "new_msg", %{"body" => "ok"}, "j2", "m2")
  end

  # ANCHOR_END: supervision_crash_test
  # ANCHOR_END: testing_kill_room

  test "a killed channel process becomes phx_error with its join ref" do
    name = unique_room("chan")
    topic = "room:" <> name
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "k"}, "j9")
    [channel] = Map.keys(:sys.get_state(Room.whereis(name)).members)
    Process.exit(channel, :kill)

    assert_receive {:ws, ^client,
                    {:json, ["j9", "j9", ^topic, "phx_error", %{"reason" => "channel_crash"}]}}

    # The socket goes on: the topic can be joined again.
    assert {"ok", _} = join(client, topic, %{"user" => "k"}, "j10")
  end

  test "history survives stopping and starting the application; clients get 1001" do
    name = unique_room("restart")
    topic = "room:" <> name
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "r"})

    assert {"ok", _} =
             push_and_reply(client, topic, "new_msg", %{"body" => "persisted"}, "1", "m1")

    :ok = Application.stop(:chat)
    assert_receive {:ws, ^client, {:close, 1001}}
    assert_receive {:ws_closed, ^client}
    {:ok, _} = Application.ensure_all_started(:chat)

    again = client!()
    assert {"ok", %{"history" => [message]}} = join(again, topic, %{"user" => "r"})
    assert %{"body" => "persisted", "user" => "r"} = message
  end

  test "an empty room stops after :room_idle_ms and a later join brings back its history" do
    previous = Application.fetch_env!(:chat, :room_idle_ms)
    Application.put_env(:chat, :room_idle_ms, 50)
    on_exit(fn -> Application.put_env(:chat, :room_idle_ms, previous) end)

    name = unique_room("idle")
    topic = "room:" <> name
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "i"}, "j1")
    assert {"ok", _} = push_and_reply(client, topic, "new_msg", %{"body" => "kept"}, "j1", "m1")
    room = Room.whereis(name)
    ref = Process.monitor(room)
    assert {"ok", _} = push_and_reply(client, topic, "phx_leave", %{}, "j1", "l1")
    assert_receive {:DOWN, ^ref, :process, ^room, :normal}, 2_000

    assert {"ok", %{"history" => [%{"body" => "kept"}]}} =
             join(client, topic, %{"user" => "i"}, "j2")
  end
end
