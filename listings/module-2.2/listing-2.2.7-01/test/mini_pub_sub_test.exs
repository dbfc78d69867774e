defmodule MiniPubSubTest do
  use ExUnit.Case, async: true

  setup context do
    scope = :"pubsub_#{context.line}"
    start_supervised!({MiniPubSub, scope})
    %{scope: scope}
  end

  test "a broadcast reaches every subscriber of the topic, and no one else", %{scope: scope} do
    :ok = MiniPubSub.subscribe(scope, "room:a")
    assert MiniPubSub.broadcast(scope, "room:a", :hello) == 1
    assert_receive :hello
    assert MiniPubSub.broadcast(scope, "room:b", :other) == 0
    refute_received :other
  end

  test "a subscriber that dies leaves the group without unsubscribing", %{scope: scope} do
    {ref, []} = :pg.monitor(scope, "room:a")
    test = self()

    pid =
      spawn(fn ->
        MiniPubSub.subscribe(scope, "room:a")
        send(test, :joined)
        Process.sleep(:infinity)
      end)

    assert_receive {^ref, :join, "room:a", [^pid]}
    assert_receive :joined
    assert MiniPubSub.subscribers(scope, "room:a") == [pid]
    Process.exit(pid, :kill)
    assert_receive {^ref, :leave, "room:a", [^pid]}
    assert MiniPubSub.subscribers(scope, "room:a") == []
  end

  test "subscribing twice delivers twice; each unsubscribe removes one", %{scope: scope} do
    :ok = MiniPubSub.subscribe(scope, "t")
    :ok = MiniPubSub.subscribe(scope, "t")
    assert MiniPubSub.broadcast(scope, "t", :m) == 2
    assert_receive :m
    assert_receive :m
    assert MiniPubSub.unsubscribe(scope, "t") == :ok
    assert MiniPubSub.local_subscribers(scope, "t") == [self()]
    assert MiniPubSub.unsubscribe(scope, "t") == :ok
    assert MiniPubSub.unsubscribe(scope, "t") == :not_joined
  end
end
