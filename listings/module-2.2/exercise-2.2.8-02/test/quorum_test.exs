defmodule Cluster.QuorumTest do
  use ExUnit.Case, async: true

  import Cluster.Quorum

  @three [:"a@127.0.0.1", :"b@127.0.0.1", :"c@127.0.0.1"]
  @a :"a@127.0.0.1"
  @b :"b@127.0.0.1"
  @c :"c@127.0.0.1"

  test "alone, before any event, a node is live but not a majority of three" do
    assert quorum(@a, @three, []) == {[@a], false}
  end

  test "two of three is a majority" do
    assert quorum(@a, @three, nodeup: @c) == {[@a, @c], true}
    assert quorum(@a, @three, nodeup: @b, nodeup: @c) == {[@a, @b, @c], true}
  end

  test "a netsplit that leaves this node alone takes the majority away" do
    events = [nodeup: @b, nodeup: @c, nodedown: @b, nodedown: @c]
    assert quorum(@a, @three, events) == {[@a], false}
  end

  test "a heal brings it back" do
    events = [nodeup: @b, nodedown: @b, nodeup: @b]
    assert quorum(@a, @three, events) == {[@a, @b], true}
  end

  test "half of an even cluster is not a majority" do
    four = @three ++ [:"d@127.0.0.1"]
    assert quorum(@a, four, nodeup: @b) == {[@a, @b], false}
  end

  test "unknown nodes, events about self and repeated events change nothing" do
    events = [
      nodeup: :"tool@127.0.0.1",
      nodeup: @b,
      nodeup: @b,
      nodedown: @a,
      nodedown: @c,
      nodeup: :"other@10.0.0.9"
    ]

    assert quorum(@a, @three, events) == {[@a, @b], true}
  end
end
