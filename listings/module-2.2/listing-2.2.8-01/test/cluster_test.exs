defmodule Cluster.DemoTest do
  use ExUnit.Case, async: false

  setup do
    :ok = :net_kernel.monitor_nodes(true)
    name = :"peer_#{System.unique_integer([:positive])}"

    peer =
      start_supervised!(%{
        id: name,
        start: {:peer, :start_link, [Cluster.Demo.peer_options(name)]}
      })

    %{peer: peer, peer_node: :"#{name}@127.0.0.1"}
  end

  test "a peer starts unconnected, and a message goes there and back", %{peer_node: b} do
    refute b in Node.list()
    assert Node.connect(b)
    assert_receive {:nodeup, ^b}, 5_000
    {:ok, echo} = :erpc.call(b, Cluster.Echo, :start, [])
    assert node(echo) == b
    send({:echo, b}, {:ping, self(), "hi"})
    assert_receive {:pong, ^b, "hi"}, 5_000
  end

  test "a disconnect is a nodedown while the peer runs on, and a send reconnects",
       %{peer: peer, peer_node: b} do
    assert Node.connect(b)
    assert_receive {:nodeup, ^b}, 5_000
    {:ok, _} = :erpc.call(b, Cluster.Echo, :start, [])
    true = :erlang.disconnect_node(b)
    assert_receive {:nodedown, ^b}, 5_000
    # The peer still runs, distributed; only the link is gone.
    assert :peer.call(peer, Node, :alive?, [])
    send({:echo, b}, {:ping, self(), "again"})
    assert_receive {:nodeup, ^b}, 5_000
    assert_receive {:pong, ^b, "again"}, 5_000
  end
end
