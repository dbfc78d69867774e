defmodule Chat.HistoryMergeTest do
  use ExUnit.Case, async: true

  import Chat.HistoryMerge

  defp msg(id, at, body \\ nil),
    do: %{"id" => id, "at" => "2026-12-04T10:00:0#{at}.000Z", "body" => body || id}

  # Before the split both saw m1; during it each side got one message.
  test "each side gets the message it missed, in time order" do
    ours = [msg("m1", 1), msg("a", 3)]
    theirs = [msg("m1", 1), msg("b", 2)]
    assert ids(merge_histories(ours, theirs, 10)) == ["m1", "b", "a"]
    assert ids(merge_histories(theirs, ours, 10)) == ["m1", "b", "a"]
  end

  test "a message both hold appears once, as our copy" do
    ours = [msg("m1", 1, "ours")]
    theirs = [msg("m1", 1, "theirs")]
    assert merge_histories(ours, theirs, 10) == [msg("m1", 1, "ours")]
  end

  test "messages of the same millisecond keep ours first, then theirs" do
    ours = [msg("x", 5), msg("y", 5)]
    theirs = [msg("z", 5), msg("w", 4)]
    assert ids(merge_histories(ours, theirs, 10)) == ["w", "x", "y", "z"]
  end

  test "only the newest keep messages are returned" do
    ours = [msg("a", 1), msg("c", 3)]
    theirs = [msg("b", 2), msg("d", 4)]
    assert ids(merge_histories(ours, theirs, 2)) == ["c", "d"]
  end

  test "merging with an empty side, or with itself, changes nothing" do
    ours = [msg("a", 1), msg("b", 2)]
    assert merge_histories(ours, [], 10) == ours
    assert merge_histories([], ours, 10) == ours
    assert merge_histories(ours, ours, 10) == ours
  end

  defp ids(messages), do: Enum.map(messages, & &1["id"])
end
