defmodule Chat.Cluster do
  @moduledoc """
  Connects this node to the peers named in `CHAT_PEERS` (`b@host,c@host`) and
  keeps trying: a peer that is not up yet, or that went down, is retried every
  `@retry_ms`. Rooms need nothing else: `:pg` sees the new node's group
  members as soon as the nodes are connected. Without distribution (the node
  was started without a name) there is nothing to do.
  """

  use GenServer
  require Logger

  @retry_ms 2_000

  @doc false
  def start_link(peers), do: GenServer.start_link(__MODULE__, peers, name: __MODULE__)

  @impl true
  def init(peers) do
    if peers != [] and Node.alive?(), do: send(self(), :connect)
    {:ok, peers}
  end

  @impl true
  # ANCHOR: distribution_connect
  def handle_info(:connect, peers) do
    for peer <- peers, peer not in Node.list(), do: Node.connect(peer)
    Process.send_after(self(), :connect, @retry_ms)
    {:noreply, peers}
  end

  # ANCHOR_END: distribution_connect
end
