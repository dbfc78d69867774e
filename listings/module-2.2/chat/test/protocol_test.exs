defmodule Chat.ProtocolTest do
  # One application serves every test, so they run one at a time.
  use Chat.Case, async: false

  test "a heartbeat gets an ok reply with an empty response and no join ref" do
    client = client!()
    WSClient.push(client, [nil, "7", "phoenix", "heartbeat", %{}])
    assert_receive {:ws, ^client, {:json, [nil, "7", "phoenix", "phx_reply", reply]}}
    assert reply == %{"status" => "ok", "response" => %{}}
  end

  test "a ping frame gets a pong with the same payload" do
    client = client!()
    WSClient.frame(client, {:ping, "are you there"})
    assert_receive {:ws, ^client, {:pong, "are you there"}}
  end

  test "joining a room replies ok with an empty history, then pushes presence_state" do
    client = client!()
    topic = "room:" <> unique_room()
    assert {"ok", %{"history" => []}} = join(client, topic, %{"user" => "ada"})

    assert_receive {:ws, ^client, {:json, ["1", nil, ^topic, "presence_state", state]}}
    assert %{"ada" => %{"metas" => [%{"phx_ref" => ref}]}} = state
    assert is_binary(ref)
  end

  test "an unknown topic and a malformed room name are unmatched" do
    client = client!()
    assert {"error", %{"reason" => "unmatched topic"}} = join(client, "lobby:1", %{})
    assert {"error", %{"reason" => "unmatched topic"}} = join(client, "room:no spaces", %{}, "2")
  end

  test "the reply to an unmatched join carries no join ref" do
    client = client!()
    WSClient.push(client, ["j9", "r9", "lobby:1", "phx_join", %{}])
    assert [nil, "r9", "lobby:1", "phx_reply", %{"status" => "error"}] = next_frame(client)
  end

  test "a client's close is echoed with its code" do
    client = client!()
    WSClient.frame(client, {:close, 4000, "bye"})
    assert_receive {:ws, ^client, {:close, 4000}}
    assert_receive {:ws_closed, ^client}
  end

  test "a user name outside [A-Za-z0-9_-]{1,32} is refused, and the socket goes on" do
    client = client!()
    topic = "room:" <> unique_room()

    for {user, ref} <- [{"", "1"}, {"a b", "2"}, {String.duplicate("x", 33), "3"}, {7, "4"}] do
      assert {"error", %{"reason" => "invalid user"}} =
               join(client, topic, %{"user" => user}, ref)
    end

    assert {"error", %{"reason" => "invalid user"}} = join(client, topic, %{}, "5")
    assert {"ok", _} = join(client, topic, %{"user" => String.duplicate("x", 32)}, "6")
  end

  # ANCHOR: testing_broadcast
  test "new_msg is acknowledged and broadcast to every member, sender included" do
    topic = "room:" <> unique_room()
    alice = client!()
    bob = client!()
    assert {"ok", _} = join(alice, topic, %{"user" => "alice"})
    assert {"ok", _} = join(bob, topic, %{"user" => "bob"})

    assert {"ok", %{"id" => id}} =
             push_and_reply(alice, topic, "new_msg", %{"body" => "hello"}, "1", "2")

    for client <- [alice, bob] do
      assert_receive {:ws, ^client, {:json, [nil, nil, ^topic, "new_msg", message]}}
      assert %{"id" => ^id, "user" => "alice", "body" => "hello", "at" => at} = message
      assert {:ok, _, 0} = DateTime.from_iso8601(at)
    end
  end

  # ANCHOR_END: testing_broadcast

  test "a later join gets the history, oldest first, capped at the latest 50" do
    topic = "room:" <> unique_room()
    writer = client!()
    assert {"ok", _} = join(writer, topic, %{"user" => "w"})

    # Six senders, so the burst of 10 per user is not what this test is about.
    senders =
      for n <- 1..6 do
        c = client!()
        assert {"ok", _} = join(c, topic, %{"user" => "u#{n}"})
        c
      end

    bodies =
      for n <- 1..55 do
        sender = Enum.at(senders, rem(n, 6))
        ref = "m#{n}"
        assert {"ok", _} = push_and_reply(sender, topic, "new_msg", %{"body" => "#{n}"}, "1", ref)
        "#{n}"
      end

    reader = client!()
    assert {"ok", %{"history" => history}} = join(reader, topic, %{"user" => "r"})
    assert Enum.map(history, & &1["body"]) == Enum.take(bodies, -50)
  end

  test "a body over 4096 bytes is refused as too_long, and the channel keeps working" do
    topic = "room:" <> unique_room()
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "long"})
    body = String.duplicate("é", 2049)

    assert {"error", %{"reason" => "too_long"}} =
             push_and_reply(client, topic, "new_msg", %{"body" => body}, "1", "2")

    assert {"ok", _} =
             push_and_reply(
               client,
               topic,
               "new_msg",
               %{"body" => String.duplicate("a", 4096)},
               "1",
               "3"
             )
  end

  test "a user over the rate limit gets rate_limited; others and heartbeats still work" do
    # A room reads its limits when it starts: this one refills so slowly that
    # the test does not depend on how fast the machine is.
    previous = Application.fetch_env!(:chat, :rate_per_second)
    Application.put_env(:chat, :rate_per_second, 0.001)
    on_exit(fn -> Application.put_env(:chat, :rate_per_second, previous) end)

    topic = "room:" <> unique_room()
    flooder = client!()
    other = client!()
    assert {"ok", _} = join(flooder, topic, %{"user" => "flood"})
    assert {"ok", _} = join(other, topic, %{"user" => "calm"})

    # The burst is 10.
    for n <- 1..10 do
      assert {"ok", _} = push_and_reply(flooder, topic, "new_msg", %{"body" => "x"}, "1", "f#{n}")
    end

    WSClient.push(flooder, ["1", "f21", topic, "new_msg", %{"body" => "x"}])

    assert_receive {:ws, ^flooder,
                    {:json,
                     [
                       _,
                       "f21",
                       ^topic,
                       "phx_reply",
                       %{"response" => %{"reason" => "rate_limited"}}
                     ]}}

    assert {"ok", _} =
             push_and_reply(other, topic, "new_msg", %{"body" => "still here"}, "1", "c1")

    assert_receive {:ws, ^flooder,
                    {:json, [nil, nil, ^topic, "new_msg", %{"body" => "still here"}]}}

    WSClient.push(flooder, [nil, "hb", "phoenix", "heartbeat", %{}])

    assert_receive {:ws, ^flooder,
                    {:json, [nil, "hb", "phoenix", "phx_reply", %{"status" => "ok"}]}}
  end

  test "presence: members get presence_diff joins and leaves keyed by user" do
    topic = "room:" <> unique_room()
    alice = client!()
    assert {"ok", _} = join(alice, topic, %{"user" => "alice"})
    assert_receive {:ws, ^alice, {:json, [_, nil, ^topic, "presence_state", %{"alice" => _}]}}

    bob = client!()
    assert {"ok", _} = join(bob, topic, %{"user" => "bob"})
    assert_receive {:ws, ^bob, {:json, ["1", nil, ^topic, "presence_state", state]}}
    assert Map.keys(state) == ["alice", "bob"]

    assert_receive {:ws, ^alice,
                    {:json,
                     [
                       nil,
                       nil,
                       ^topic,
                       "presence_diff",
                       %{"joins" => %{"bob" => %{"metas" => [meta]}}, "leaves" => leaves}
                     ]}}

    assert leaves == %{}
    WSClient.drop(bob)

    assert_receive {:ws, ^alice,
                    {:json,
                     [
                       nil,
                       nil,
                       ^topic,
                       "presence_diff",
                       %{"joins" => joins, "leaves" => %{"bob" => %{"metas" => [^meta]}}}
                     ]}}

    assert joins == %{}
  end

  test "phx_leave replies ok and then closes the channel with phx_close" do
    topic = "room:" <> unique_room()
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "leaver"}, "j1")
    assert {"ok", %{}} = push_and_reply(client, topic, "phx_leave", %{}, "j1", "l1")
    assert_receive {:ws, ^client, {:json, ["j1", "j1", ^topic, "phx_close", %{}]}}

    # Now the topic is not joined: a message for it is unmatched, a leave is ok.
    assert {"error", %{"reason" => "unmatched topic"}} =
             push_and_reply(client, topic, "new_msg", %{"body" => "x"}, "j1", "m1")

    assert {"ok", %{}} = push_and_reply(client, topic, "phx_leave", %{}, "j1", "l2")
  end

  test "a duplicate join replaces the channel and sends phx_close for the old join ref" do
    topic = "room:" <> unique_room()
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "twice"}, "j1")
    # Its own join is in the presence state; the room sends the diff only to
    # those who were there before.
    assert_receive {:ws, ^client, {:json, ["j1", nil, ^topic, "presence_state", %{"twice" => _}]}}

    # The reply to the new join, and right after it the old join's phx_close.
    WSClient.push(client, ["j2", "j2", topic, "phx_join", %{"user" => "twice"}])
    assert ["j2", "j2", ^topic, "phx_reply", %{"status" => "ok"}] = next_frame(client)
    assert ["j1", "j1", ^topic, "phx_close", %{}] = next_frame(client)

    # Messages carrying the old join ref are ignored; the new one works.
    WSClient.push(client, ["j1", "stale", topic, "new_msg", %{"body" => "old"}])
    assert {"ok", _} = push_and_reply(client, topic, "new_msg", %{"body" => "new"}, "j2", "m2")
    assert_receive {:ws, ^client, {:json, [nil, nil, ^topic, "new_msg", %{"body" => "new"}]}}
    refute_received {:ws, ^client, {:json, [_, "stale", _, _, _]}}
  end

  test "the socket forwards frames only from the channels it joined" do
    topic = "room:" <> unique_room()
    client = client!()
    assert {"ok", _} = join(client, topic, %{"user" => "owner"}, "j1")
    assert_receive {:ws, ^client, {:json, ["j1", nil, ^topic, "presence_state", _]}}
    socket = channel_for(topic).socket

    stray = IO.iodata_to_binary(Chat.Serializer.push(nil, topic, "stray", %{}))
    send(socket, {:frame, stray})
    send(socket, {:frame, self(), stray})

    # A heartbeat's reply comes after anything the socket would have sent.
    WSClient.push(client, [nil, "hb", "phoenix", "heartbeat", %{}])
    assert_receive {:ws, ^client, {:json, [nil, "hb", "phoenix", "phx_reply", _]}}
    refute_received {:ws, ^client, {:json, [_, _, _, "stray", _]}}
  end

  test "a join the room does not answer ends in an error and leaves no member behind" do
    name = unique_room()
    topic = "room:" <> name
    {:ok, room} = Chat.Room.whereis_or_start(name)
    :ok = :sys.suspend(room)
    client = client!()
    WSClient.push(client, ["j1", "j1", topic, "phx_join", %{"user" => "ghost"}])
    assert {"error", %{"reason" => "join crashed"}} = await_reply(client, "j1", topic, 7_000)
    :ok = :sys.resume(room)

    # The room handles the stale join, then the dead channel's :DOWN.
    _ = :sys.get_state(room)
    assert Chat.Room.presence(room) == %{}
    refute_received {:ws, ^client, {:json, [_, _, ^topic, "presence_state", _]}}
  end

  test "joining and leaving rooms with no posts creates no log files" do
    prefix = unique_room("churn")
    client = client!()

    for n <- 1..30 do
      topic = "room:#{prefix}-#{n}"
      assert {"ok", _} = join(client, topic, %{"user" => "churn"}, "j#{n}")
      assert {"ok", _} = push_and_reply(client, topic, "phx_leave", %{}, "j#{n}", "l#{n}")
    end

    rooms_dir = Path.join(Application.fetch_env!(:chat, :data_dir), "rooms")
    files = rooms_dir |> File.ls!() |> Enum.filter(&String.starts_with?(&1, prefix))
    assert files == []
  end

  test "a node runs at most max_rooms rooms, and one more join gets too many rooms" do
    max = Application.fetch_env!(:chat, :max_rooms)
    prefix = unique_room("cap")
    %{active: running} = DynamicSupervisor.count_children(Chat.RoomSupervisor)

    filler =
      for n <- 1..(max - running)//1 do
        {:ok, pid} = Chat.Room.whereis_or_start("#{prefix}-#{n}")
        pid
      end

    assert {:error, :too_many_rooms} = Chat.Room.whereis_or_start("#{prefix}-extra")
    client = client!()

    assert {"error", %{"reason" => "too many rooms"}} =
             join(client, "room:#{prefix}-extra", %{"user" => "late"})

    for pid <- filler, do: :ok = DynamicSupervisor.terminate_child(Chat.RoomSupervisor, pid)
    assert {"ok", _} = join(client, "room:#{prefix}-extra", %{"user" => "late"}, "2")
  end

  test "a socket's joins are rate limited after a burst" do
    burst = Application.fetch_env!(:chat, :join_burst)
    rate = Application.fetch_env!(:chat, :join_rate_per_second)
    Application.put_env(:chat, :join_burst, 3)
    Application.put_env(:chat, :join_rate_per_second, 0.01)
    client = client!()
    Application.put_env(:chat, :join_burst, burst)
    Application.put_env(:chat, :join_rate_per_second, rate)

    # Unmatched topics cost a token too: any phx_join does.
    for n <- 1..3 do
      assert {"error", %{"reason" => "unmatched topic"}} = join(client, "lobby", %{}, "#{n}")
    end

    assert {"error", %{"reason" => "join rate limited"}} = join(client, "lobby", %{}, "4")
  end

  # ANCHOR: testing_suspend
  test "a channel that falls behind answers overloaded instead of queueing without bound" do
    previous = Application.fetch_env!(:chat, :max_in_flight)
    Application.put_env(:chat, :max_in_flight, 3)
    client = client!()
    Application.put_env(:chat, :max_in_flight, previous)
    name = unique_room()
    topic = "room:" <> name
    assert {"ok", _} = join(client, topic, %{"user" => "busy"})
    {:ok, room} = Chat.Room.whereis_or_start(name)
    :ok = :sys.suspend(room)

    for n <- 1..10 do
      WSClient.push(client, ["1", "m#{n}", topic, "new_msg", %{"body" => "#{n}"}])
    end

    assert {"error", %{"reason" => "overloaded"}} = await_reply(client, "m10", topic)
    :ok = :sys.resume(room)
    assert {"ok", _} = await_reply(client, "m1", topic)
  end

  # ANCHOR_END: testing_suspend

  test "a join with a null join_ref uses its ref as the join ref" do
    topic = "room:" <> unique_room()
    client = client!()
    WSClient.push(client, [nil, "5", topic, "phx_join", %{"user" => "noref"}])
    assert ["5", "5", ^topic, "phx_reply", %{"status" => "ok"}] = next_frame(client)
    assert ["5", nil, ^topic, "presence_state", %{"noref" => _}] = next_frame(client)

    assert {"ok", _} = push_and_reply(client, topic, "new_msg", %{"body" => "hi"}, nil, "6")
    assert {"ok", %{}} = push_and_reply(client, topic, "phx_leave", %{}, nil, "7")
    assert_receive {:ws, ^client, {:json, ["5", "5", ^topic, "phx_close", %{}]}}
  end

  test "a socket can join at most max_channels topics" do
    client = client!()
    max = Application.fetch_env!(:chat, :max_channels)
    prefix = unique_room("many")

    for n <- 1..max do
      assert {"ok", _} = join(client, "room:#{prefix}-#{n}", %{"user" => "m"}, "#{n}")
    end

    assert {"error", %{"reason" => "too many channels joined"}} =
             join(client, "room:#{prefix}-extra", %{"user" => "m"}, "extra")
  end

  test "GET / serves the page and other paths are 404" do
    assert {:ok, "HTTP/1.1 200 OK" <> _ = page} = http_get("/")
    assert page =~ "/assets/phoenix.js"
    assert {:ok, "HTTP/1.1 404" <> _} = http_get("/nope")
  end

  test "the upgrade is refused with 400 without a valid key, version or vsn" do
    good = WSClient.default_headers()
    bad_key = List.keyreplace(good, "sec-websocket-key", 0, {"sec-websocket-key", "short"})
    no_key = List.keydelete(good, "sec-websocket-key", 0)

    bad_version =
      List.keyreplace(good, "sec-websocket-version", 0, {"sec-websocket-version", "8"})

    Process.flag(:trap_exit, true)

    for headers <- [bad_key, no_key, bad_version] do
      assert {:error, {:refused, "HTTP/1.1 400" <> _, _}} =
               WSClient.connect(Chat.port(), "/socket/websocket?vsn=2.0.0", headers)
    end

    assert {:error, {:refused, "HTTP/1.1 400" <> _, _}} =
             WSClient.connect(Chat.port(), "/socket/websocket?vsn=1.0.0")
  end

  # The very next frame, whatever it is: for tests about order.
  defp next_frame(client) do
    receive do
      {:ws, ^client, {:json, frame}} -> frame
    after
      2_000 -> flunk("no frame from the server")
    end
  end

  defp channel_for(topic) do
    Chat.ChannelSupervisor
    |> DynamicSupervisor.which_children()
    |> Enum.map(fn {_, pid, _, _} -> :sys.get_state(pid) end)
    |> Enum.find(&(&1.topic == topic))
  end

  defp http_get(path) do
    {:ok, socket} = :gen_tcp.connect({127, 0, 0, 1}, Chat.port(), [:binary, active: false])
    :ok = :gen_tcp.send(socket, "GET #{path} HTTP/1.1\r\nhost: x\r\n\r\n")
    read_all(socket, <<>>)
  end

  defp read_all(socket, acc) do
    case :gen_tcp.recv(socket, 0, 2_000) do
      {:ok, data} -> read_all(socket, acc <> data)
      {:error, :closed} -> {:ok, acc}
    end
  end
end
