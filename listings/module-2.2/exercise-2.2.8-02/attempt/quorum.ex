# Your attempt: write the function and run `cargo xtask exercise 2.2.8-2`.
defmodule Cluster.Quorum do
  @moduledoc """
  Tells a node, from the `:nodeup` and `:nodedown` messages that
  `:net_kernel.monitor_nodes(true)` delivered, which nodes of its cluster it
  can reach and whether they are a majority of it: the test a node can run in
  a netsplit before it accepts a write that only one side may make.
  """

  # ANCHOR: starter
  @doc """
  `self` is this node, `expected` every node of the cluster (`self` among
  them), `events` the node events in the order they arrived. Returns the nodes
  this node can reach, itself included, sorted, and whether they are more than
  half of `expected`.

  Events about nodes that are not in `expected` (a hidden tool node, a node of
  another cluster) and events about `self` are ignored. A node starts down
  until its first `:nodeup`; a repeated event changes nothing.
  """
  @spec quorum(node(), [node()], [{:nodeup | :nodedown, node()}]) :: {[node()], boolean()}
  def quorum(_self, _expected, _events) do
    raise "not written yet: fold the events into a set of live nodes, starting from self"
  end

  # ANCHOR_END: starter
end
