defmodule Chat.HibernationTest do
  # Tracing needs the processes to itself, and the timing is the suite's
  # hibernate_after (test_helper.exs), so this runs alone.
  use Chat.Case, async: false

  alias Chat.Room

  test "an idle channel and its socket hibernate, and wake up for the next message" do
    topic = "room:" <> unique_room("sleepy")
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "h"}, "j1")

    [channel] =
      Map.keys(:sys.get_state(Room.whereis(String.replace_prefix(topic, "room:", ""))).members)

    socket = :sys.get_state(channel).socket
    # :running reports each time a process is scheduled out, and where: a
    # hibernating process goes out in :erlang.hibernate/3.
    :erlang.trace(channel, true, [:running])
    :erlang.trace(socket, true, [:running])
    hibernate_after = Application.fetch_env!(:chat, :hibernate_after)
    assert_receive {:trace, ^channel, :out, {:erlang, :hibernate, 3}}, 10 * hibernate_after
    assert_receive {:trace, ^socket, :out, {:erlang, :hibernate, 3}}, 10 * hibernate_after
    :erlang.trace(channel, false, [:running])
    :erlang.trace(socket, false, [:running])

    assert {"ok", _} = push_and_reply(client, topic, "new_msg", %{"body" => "awake"}, "j1", "m1")
    assert_receive {:ws, ^client, {:json, [nil, nil, ^topic, "new_msg", %{"body" => "awake"}]}}
  end
end
