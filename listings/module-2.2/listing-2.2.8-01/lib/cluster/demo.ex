defmodule Cluster.Demo do
  @moduledoc """
  A cluster of two nodes on 127.0.0.1, each an OS process: this node turns
  distribution on, starts the other with `:peer`,
  connects, sends messages both ways, and then cuts the link with
  `:erlang.disconnect_node/1`, the way a netsplit would, and heals it.

  Node names are long names on a fixed host (`demo_b@127.0.0.1`), so what the
  program prints does not depend on the machine's host name. Every event is
  awaited with a selective `receive`, so the lines come out in the same order
  on every run.
  """

  alias Cluster.{Echo, Epmd}

  @cookie :demo_cookie
  @wait_ms 5_000

  # ANCHOR: distribution_start
  @doc "Runs the demo and prints what each node saw."
  @spec main() :: :ok
  def main do
    :ok = Epmd.ensure()
    {:ok, _} = :net_kernel.start([:"demo_a@127.0.0.1", :longnames])
    Node.set_cookie(@cookie)
    :ok = :net_kernel.monitor_nodes(true)
    IO.puts("this node: #{node()}")

    {b_peer, b} = start_peer(:demo_b)
    IO.puts("started #{b}; connected to: #{inspect(Node.list())}")
    true = Node.connect(b)
    await({:nodeup, b})
    # ANCHOR_END: distribution_start

    # ANCHOR: distribution_send
    {:ok, echo} = :erpc.call(b, Echo, :start, [])
    IO.puts("the echo server's pid belongs to #{node(echo)}")
    send(echo, {:ping, self(), "to a pid"})
    await({:pong, b, "to a pid"})
    send({:echo, b}, {:ping, self(), "to {:echo, node}"})
    await({:pong, b, "to {:echo, node}"})

    # And the other way: a process on b sends to a name registered here.
    Process.register(self(), :demo_main)
    :erpc.call(b, :erlang, :send, [{:demo_main, node()}, {:hello_from, b}])
    await({:hello_from, b})
    IO.puts("b's Node.list(), by :erpc: #{inspect(:erpc.call(b, Node, :list, []))}")
    # ANCHOR_END: distribution_send

    # ANCHOR: distribution_split
    true = :erlang.disconnect_node(b)
    await({:nodedown, b})

    # The peer's stdio link still works: b is up, only the link is gone.
    IO.puts("b still runs, distributed: #{:peer.call(b_peer, Node, :alive?, [])}")

    # Any message to the node connects again (the kernel's dist_auto_connect).
    send({:echo, b}, {:ping, self(), "after the split"})
    await({:nodeup, b})
    await({:pong, b, "after the split"})
    # ANCHOR_END: distribution_split

    :ok = :peer.stop(b_peer)
    await({:nodedown, b})
    :ok
  end

  # ANCHOR: distribution_peer
  @doc """
  Options for `:peer.start_link/1`: a node `name@127.0.0.1` in a new OS
  process, with this node's cookie and code paths. It is controlled over its
  standard input and output, not over distribution, so it is not connected
  until someone connects it, and it survives a disconnect.
  """
  @spec peer_options(atom()) :: :peer.start_options()
  def peer_options(name) do
    paths = Enum.flat_map(:code.get_path(), &[~c"-pa", &1])

    %{
      name: name,
      host: ~c"127.0.0.1",
      longnames: true,
      connection: :standard_io,
      args: [~c"-setcookie", Atom.to_charlist(Node.get_cookie()) | paths]
    }
  end

  # ANCHOR_END: distribution_peer

  defp start_peer(name) do
    {:ok, peer, peer_node} = :peer.start_link(peer_options(name))
    {peer, peer_node}
  end

  defp await(message) do
    receive do
      ^message -> IO.puts("received #{inspect(message)}")
    after
      @wait_ms -> raise "no #{inspect(message)} within #{@wait_ms} ms"
    end
  end
end
