defmodule Chat.ClusterTest do
  @moduledoc """
  Two nodes, one room: a message sent on one node reaches a member on the
  other, and presence follows the other node's members, including their
  leaving when that node goes down.

  Tagged `:cluster` and excluded by default, because it needs distribution and
  so a running epmd: `epmd -daemon && mix test --include cluster`.
  """
  use Chat.Case, async: false

  @moduletag :cluster
  @moduletag timeout: 60_000

  setup_all do
    unless Node.alive?() do
      {:ok, _} = :net_kernel.start([:"chat_test@127.0.0.1", :longnames])
    end

    :ok
  end

  test "a room spans two nodes" do
    paths = Enum.flat_map(:code.get_path(), &[~c"-pa", &1])

    {:ok, peer, peer_node} =
      :peer.start(%{
        name: :"chat_peer_#{System.unique_integer([:positive])}",
        host: ~c"127.0.0.1",
        longnames: true,
        args: paths
      })

    data_dir = Path.join(System.tmp_dir!(), "chat-peer-#{System.unique_integer([:positive])}")
    on_exit(fn -> File.rm_rf!(data_dir) end)
    :ok = :erpc.call(peer_node, Application, :load, [:chat])

    for {key, value} <- [port: 0, data_dir: data_dir] do
      :ok = :erpc.call(peer_node, Application, :put_env, [:chat, key, value])
    end

    {:ok, _} = :erpc.call(peer_node, Application, :ensure_all_started, [:chat])
    remote_port = :erpc.call(peer_node, Chat, :port, [])

    topic = "room:" <> unique_room("cluster")
    here = client!()
    assert {"ok", _} = join(here, topic, %{"user" => "here"})

    assert {"ok", _} = push_and_reply(here, topic, "new_msg", %{"body" => "early"}, "1", "m0")

    # The peer's replica starts with this join and adopts the history it missed.
    {:ok, there} = WSClient.connect(remote_port)

    assert {"ok", %{"history" => [%{"body" => "early"}]}} =
             join(there, topic, %{"user" => "there"})

    # The local member learns about the remote one, by a diff from its replica.
    assert_receive {:ws, ^here,
                    {:json, [nil, nil, ^topic, "presence_diff", %{"joins" => %{"there" => _}}]}},
                   5_000

    assert {"ok", _} = push_and_reply(there, topic, "new_msg", %{"body" => "across"}, "1", "m1")

    assert_receive {:ws, ^here,
                    {:json,
                     [nil, nil, ^topic, "new_msg", %{"body" => "across", "user" => "there"}]}},
                   5_000

    assert {"ok", _} = push_and_reply(here, topic, "new_msg", %{"body" => "back"}, "1", "m2")

    assert_receive {:ws, ^there,
                    {:json, [nil, nil, ^topic, "new_msg", %{"body" => "back", "user" => "here"}]}},
                   5_000

    :ok = :peer.stop(peer)

    assert_receive {:ws, ^here,
                    {:json, [nil, nil, ^topic, "presence_diff", %{"leaves" => %{"there" => _}}]}},
                   5_000
  end

  test "after a netsplit heals, presence comes back and each side gets what the other missed" do
    paths = Enum.flat_map(:code.get_path(), &[~c"-pa", &1])

    # Controlled over stdio, so the peer survives losing its distribution link.
    {:ok, peer, peer_node} =
      :peer.start(%{
        name: :"chat_split_#{System.unique_integer([:positive])}",
        host: ~c"127.0.0.1",
        longnames: true,
        connection: :standard_io,
        args: paths
      })

    on_exit(fn ->
      try do
        :peer.stop(peer)
      catch
        :exit, _ -> :ok
      end
    end)

    true = Node.connect(peer_node)
    data_dir = Path.join(System.tmp_dir!(), "chat-split-#{System.unique_integer([:positive])}")
    on_exit(fn -> File.rm_rf!(data_dir) end)
    :ok = :peer.call(peer, Application, :load, [:chat])

    for {key, value} <- [port: 0, data_dir: data_dir] do
      :ok = :peer.call(peer, Application, :put_env, [:chat, key, value])
    end

    {:ok, _} = :peer.call(peer, Application, :ensure_all_started, [:chat])
    remote_port = :peer.call(peer, Chat, :port, [])

    name = unique_room("split")
    topic = "room:" <> name
    here = client!()
    assert {"ok", _} = join(here, topic, %{"user" => "here"})
    {:ok, there} = WSClient.connect(remote_port)
    assert {"ok", _} = join(there, topic, %{"user" => "there"})

    assert_receive {:ws, ^here,
                    {:json, [nil, nil, ^topic, "presence_diff", %{"joins" => %{"there" => _}}]}},
                   5_000

    true = :erlang.disconnect_node(peer_node)

    assert_receive {:ws, ^here,
                    {:json, [nil, nil, ^topic, "presence_diff", %{"leaves" => %{"there" => _}}]}},
                   5_000

    assert {"ok", _} = push_and_reply(here, topic, "new_msg", %{"body" => "split-here"}, "1", "a")

    assert {"ok", _} =
             push_and_reply(there, topic, "new_msg", %{"body" => "split-there"}, "1", "b")

    true = Node.connect(peer_node)

    assert_receive {:ws, ^here,
                    {:json, [nil, nil, ^topic, "presence_diff", %{"joins" => %{"there" => _}}]}},
                   5_000

    # Both sides end up with both messages, once each, in time order.
    for history <- [
          fn -> Chat.Room.history(Chat.Room.whereis(name)) end,
          fn ->
            :peer.call(peer, Chat.Room, :history, [:peer.call(peer, Chat.Room, :whereis, [name])])
          end
        ] do
      assert Enum.map(await_history(history, 2), & &1["body"]) == ["split-here", "split-there"]
    end
  end

  # The merge is a message exchange between the replicas; a call to the room
  # after the presence diff is seen may still come before the welcome.
  defp await_history(history, count, tries \\ 50) do
    case history.() do
      messages when length(messages) >= count or tries == 0 ->
        messages

      _ ->
        ref = make_ref()
        Process.send_after(self(), ref, 20)
        assert_receive ^ref
        await_history(history, count, tries - 1)
    end
  end
end
