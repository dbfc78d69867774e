defmodule TopicRouterTest do
  use ExUnit.Case, async: true

  @routes [
    {"lobby", LobbyChannel},
    {"room:vip", VipChannel},
    {"room:*", RoomChannel},
    {"user:*", UserChannel}
  ]

  @unmatched {:error, %{"reason" => "unmatched topic"}}

  test "an exact pattern matches only its own topic" do
    assert TopicRouter.route(@routes, "lobby") == {:ok, LobbyChannel}
    assert TopicRouter.route(@routes, "lobby2") == @unmatched
    assert TopicRouter.route(@routes, "lobb") == @unmatched
  end

  test "a splat matches any rest, the empty rest included" do
    assert TopicRouter.route(@routes, "room:general") == {:ok, RoomChannel}
    assert TopicRouter.route(@routes, "room:a:b:c") == {:ok, RoomChannel}
    assert TopicRouter.route(@routes, "room:") == {:ok, RoomChannel}
    assert TopicRouter.route(@routes, "user:42") == {:ok, UserChannel}
  end

  test "the first pattern that matches wins" do
    assert TopicRouter.route(@routes, "room:vip") == {:ok, VipChannel}

    assert TopicRouter.route([{"room:*", RoomChannel} | @routes], "room:vip") ==
             {:ok, RoomChannel}
  end

  test "anything else is an unmatched topic, as Phoenix answers it" do
    for topic <- ["room", "Room:general", "rooms:x", "", "phoenix", " room:x"] do
      assert TopicRouter.route(@routes, topic) == @unmatched, "topic #{inspect(topic)}"
    end

    assert TopicRouter.route([], "room:x") == @unmatched
  end

  test "a splat anywhere but at the end is refused, whatever the topic" do
    for pattern <- ["room:*:messages", "*:room", "room:**"] do
      assert_raise ArgumentError, fn -> TopicRouter.route([{pattern, RoomChannel}], "room:x") end

      assert_raise ArgumentError, fn ->
        TopicRouter.route([{"lobby", L}, {pattern, R}], "lobby")
      end
    end
  end
end
