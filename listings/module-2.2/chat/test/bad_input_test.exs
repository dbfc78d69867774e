defmodule Chat.BadInputTest do
  @moduledoc false
  # Each kind of bad client ends its own connection at worst; the node and the
  # other clients carry on, which every test checks with a second client.
  use Chat.Case, async: false

  setup do
    topic = "room:" <> unique_room("bad")
    bystander = client!()
    assert {"ok", _} = join(bystander, topic, %{"user" => "bystander"})
    %{topic: topic, bystander: bystander}
  end

  defp assert_bystander_fine(%{topic: topic, bystander: bystander}) do
    assert {"ok", _} =
             push_and_reply(bystander, topic, "new_msg", %{"body" => "fine"}, "1", "ok?")

    assert_receive {:ws, ^bystander, {:json, [nil, nil, ^topic, "new_msg", %{"body" => "fine"}]}}
  end

  test "a binary frame that is not a V2 binary push is closed with 1003", context do
    client = client!()
    WSClient.frame(client, {:binary, <<1, 2, 3>>})
    assert_receive {:ws, ^client, {:close, 1003}}
    assert_receive {:ws_closed, ^client}
    assert_bystander_fine(context)
  end

  test "a V2 binary push gets an error reply to its ref and the socket goes on" do
    client = client!()
    push = <<0, 1, 2, 6, 7, "1", "b1", "room:x", "new_msg", 0xFF, 0x00>>
    WSClient.frame(client, {:binary, push})

    assert {"error", %{"reason" => "binary payloads not supported"}} =
             await_reply(client, "b1", "room:x")

    WSClient.push(client, [nil, "hb", "phoenix", "heartbeat", %{}])
    assert_receive {:ws, ^client, {:json, [nil, "hb", "phoenix", "phx_reply", _]}}
  end

  test "text that is not JSON is closed with 1008", context do
    client = client!()
    WSClient.frame(client, {:text, "{not json"})
    assert_receive {:ws, ^client, {:close, 1008}}
    assert_bystander_fine(context)
  end

  test "arrays of the wrong arity or types are closed with 1008", context do
    for bad <- [
          ["1", "2", "room:x", "phx_join"],
          [1, 2, 3, 4, 5, 6],
          %{"topic" => "x"},
          ["1", "2", 3, "e", %{}]
        ] do
      client = client!()
      WSClient.push(client, bad)
      assert_receive {:ws, ^client, {:close, 1008}}
    end

    assert_bystander_fine(context)
  end

  test "text that is not UTF-8 is closed with 1007", context do
    client = client!()

    WSClient.frame(
      client,
      {:text, <<"[null,null,\"phoenix\",\"heartbeat\",{\"x\":\"", 0xFF, "\"}]">>}
    )

    assert_receive {:ws, ^client, {:close, 1007}}
    assert_bystander_fine(context)
  end

  test "a frame over the size cap is closed with 1009 before its payload arrives", context do
    client = client!()
    max = Application.fetch_env!(:chat, :max_frame_bytes)
    frame = IO.iodata_to_binary(:cow_ws.masked_frame({:text, :binary.copy("a", max + 1)}, %{}))
    # Only the header: the server must decide from the declared length.
    WSClient.raw(client, binary_part(frame, 0, 14))
    assert_receive {:ws, ^client, {:close, 1009}}
    assert_bystander_fine(context)
  end

  test "an unmasked client frame is a protocol error, 1002", context do
    client = client!()
    WSClient.raw(client, :cow_ws.frame({:text, "[]"}, %{}))
    assert_receive {:ws, ^client, {:close, 1002}}
    assert_bystander_fine(context)
  end

  test "a fragmented text message is reassembled", context do
    client = client!()
    text = :jiffy.encode([nil, "frag", "phoenix", "heartbeat", %{}])
    <<a::binary-size(10), b::binary-size(10), c::binary>> = text
    first = IO.iodata_to_binary(:cow_ws.masked_frame({:text, a}, %{}))
    # Clear FIN on the first frame, make the middle one a continuation without FIN.
    <<_fin::1, rest::bits>> = first
    middle = IO.iodata_to_binary(:cow_ws.masked_frame({:text, b}, %{}))
    <<_::4, _opcode::4, middle_rest::binary>> = middle
    last = IO.iodata_to_binary(:cow_ws.masked_frame({:text, c}, %{}))
    <<_::4, _::4, last_rest::binary>> = last

    WSClient.raw(client, [
      <<0::1, rest::bits>>,
      <<0::1, 0::3, 0::4, middle_rest::binary>>,
      <<1::1, 0::3, 0::4, last_rest::binary>>
    ])

    assert_receive {:ws, ^client,
                    {:json, [nil, "frag", "phoenix", "phx_reply", %{"status" => "ok"}]}}

    assert_bystander_fine(context)
  end

  test "a request head that does not arrive in time is closed", context do
    {:ok, socket} = :gen_tcp.connect({127, 0, 0, 1}, Chat.port(), [:binary, active: true])
    :ok = :gen_tcp.send(socket, "GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nhost: slow\r\n")
    # test_helper.exs sets :head_timeout to 300 ms.
    assert_receive {:tcp_closed, ^socket}, 2_000
    assert_bystander_fine(context)
  end

  test "a request head over the size cap gets 431", context do
    {:ok, socket} = :gen_tcp.connect({127, 0, 0, 1}, Chat.port(), [:binary, active: true])

    :ok =
      :gen_tcp.send(socket, ["GET / HTTP/1.1\r\nx-big: ", :binary.copy("a", 10_000), "\r\n\r\n"])

    assert_receive {:tcp, ^socket, "HTTP/1.1 431" <> _}
    assert_receive {:tcp_closed, ^socket}
    assert_bystander_fine(context)
  end

  test "thousands of joins from one socket are capped; the node and others are fine", context do
    client = client!()
    prefix = unique_room("flood")

    # Send them all without waiting: the socket process takes them one by one.
    for n <- 1..3_000 do
      WSClient.push(client, ["#{n}", "#{n}", "room:#{prefix}-#{n}", "phx_join", %{"user" => "f"}])
    end

    assert_receive {:ws, ^client,
                    {:json,
                     [
                       "3000",
                       "3000",
                       _,
                       "phx_reply",
                       %{"status" => "error", "response" => response}
                     ]}},
                   10_000

    assert response == %{"reason" => "too many channels joined"}
    assert_bystander_fine(context)
  end

  test "an idle socket is closed after the heartbeat timeout" do
    previous = Application.fetch_env!(:chat, :heartbeat_timeout)
    Application.put_env(:chat, :heartbeat_timeout, 200)
    on_exit(fn -> Application.put_env(:chat, :heartbeat_timeout, previous) end)
    client = client!()
    assert_receive {:ws, ^client, {:close, 1001}}, 2_000
    assert_receive {:ws_closed, ^client}
  end
end
