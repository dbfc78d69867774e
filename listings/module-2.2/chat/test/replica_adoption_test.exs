defmodule Chat.ReplicaAdoptionTest do
  # After a heal each replica adopts the other twice (its hello, then its
  # welcome). These tests play the other node's replica by hand, so they need
  # no second node: the members must be told each change once.
  use ExUnit.Case, async: true

  alias Chat.Room

  setup do
    name = "adopt-#{System.unique_integer([:positive])}"
    {:ok, room} = Room.whereis_or_start(name)
    # The test process is alice's channel and her connection both: the room's
    # frames come to it. Her own join is in the presence state, not a diff.
    {:ok, _history, %{"alice" => _}} = Room.join(room, self(), self(), "alice")
    # Stands in for the replica on the other node; the room only monitors it
    # and sends it its welcome.
    replica = spawn_link(fn -> Process.sleep(:infinity) end)
    %{room: room, replica: replica}
  end

  test "a hello and a welcome with the same presence show the members once", ctx do
    bob = %{"bob" => [meta("b1")]}
    send(ctx.room, {:replica_hello, ctx.replica, :b@elsewhere, bob})
    send(ctx.room, {:replica_welcome, ctx.replica, :b@elsewhere, bob, []})
    # A call after the two messages: both have been handled when it returns.
    assert %{"bob" => %{"metas" => [%{"phx_ref" => "b1"}]}} = Room.presence(ctx.room)

    assert_received {:frame, _alice, frame}
    assert diff(frame) == %{"joins" => %{"bob" => %{"metas" => [meta("b1")]}}, "leaves" => %{}}
    refute_received {:frame, _, _}
  end

  test "a second adoption tells only what changed in between", ctx do
    send(ctx.room, {:replica_hello, ctx.replica, :b@elsewhere, %{"bob" => [meta("b1")]}})
    changed = %{"carol" => [meta("c1")]}
    send(ctx.room, {:replica_welcome, ctx.replica, :b@elsewhere, changed, []})
    assert %{"carol" => _} = presence = Room.presence(ctx.room)
    refute Map.has_key?(presence, "bob")

    assert_received {:frame, _, first}
    assert %{"joins" => %{"bob" => _}, "leaves" => %{}} = diff(first)
    assert_received {:frame, _, second}

    assert diff(second) == %{
             "joins" => %{"carol" => %{"metas" => [meta("c1")]}},
             "leaves" => %{"bob" => %{"metas" => [meta("b1")]}}
           }

    refute_received {:frame, _, _}
  end

  defp meta(ref), do: %{"phx_ref" => ref, "online_at" => "2026-12-04T21:00:00Z"}

  defp diff(frame) do
    [nil, nil, "room:" <> _, "presence_diff", payload] =
      :jiffy.decode(frame, [:return_maps, {:null_term, nil}])

    payload
  end
end
