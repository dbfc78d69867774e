defmodule ChatTest do
  use ExUnit.Case, async: true

  alias Chat.{Frame, History, Message, Notice}

  defp message(from, body), do: %Message{room: "lobby", from: from, body: body}

  test "a message without one of its enforced keys is refused where it is built" do
    assert_raise ArgumentError, ~r/the following keys must also be given.*:body/, fn ->
      Code.eval_string(~s(%Chat.Message{room: "lobby", from: "ada"}))
    end
  end

  test "edit/2 returns a new struct and leaves the original as it was" do
    original = message("ada", "helo")
    edited = Message.edit(original, "hello")
    assert edited.body == "hello" and edited.edited?
    assert original.body == "helo" and not original.edited?
  end

  test "String.Chars gives the log line, with interpolation too" do
    assert to_string(message("ada", "hi")) == "[lobby] ada: hi"
    assert "#{Message.edit(message("ada", "hi"), "hey")}" == "[lobby] ada: hey (edited)"
  end

  test "a history keeps the last `limit` messages, oldest first" do
    history = Enum.reduce(1..5, History.new(3), &History.push(&2, &1))
    assert Enum.to_list(history) == [3, 4, 5]
    assert history.newest_first == [5, 4, 3]
  end

  test "Enum, for and member? all work on a history through the Enumerable protocol" do
    history = Enum.reduce(1..4, History.new(10), &History.push(&2, &1))
    assert Enum.count(history) == 4
    assert Enum.map(history, &(&1 * 10)) == [10, 20, 30, 40]
    assert Enum.member?(history, 3)
    assert Enum.take(history, 2) == [1, 2]
    assert Enum.at(history, -1) == 4
    assert for(n <- history, rem(n, 2) == 0, do: n) == [2, 4]
  end

  test "each struct type has its own frame" do
    assert Frame.to_frame(message("ada", "hi")) ==
             [
               nil,
               nil,
               "room:lobby",
               "new_msg",
               %{"from" => "ada", "body" => "hi", "edited" => false}
             ]

    assert Frame.to_frame(%Notice{room: "help", text: "ada joined"}) ==
             [nil, nil, "room:help", "notice", %{"text" => "ada joined"}]
  end

  test "a plain map with the same keys has no frame: protocols dispatch on the type" do
    assert_raise Protocol.UndefinedError, fn ->
      Frame.to_frame(%{room: "lobby", from: "ada", body: "hi", edited?: false})
    end
  end

  test "the demo prints the history, the edit and the frames" do
    output = ExUnit.CaptureIO.capture_io(&Chat.Demo.main/0)
    assert output =~ "kept 3 of 4 messages, oldest first:\n  [lobby] bob: hi ada\n"
    assert output =~ "after an edit: [lobby] bob: hi, ada! (edited)"
  end
end
