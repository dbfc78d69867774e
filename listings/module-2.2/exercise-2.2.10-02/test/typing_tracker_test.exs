defmodule TypingTrackerTest do
  use ExUnit.Case, async: true

  # What "done" means for Exercise 2.2.10-2. Times are milliseconds, passed in:
  # every test relays at most once a second and calls a user idle after 3 s.

  defp tracker, do: TypingTracker.new(1_000, 3_000)

  # Feeds `{user, at}` keystrokes in order; returns the decisions and the tracker.
  defp type(tracker, keystrokes) do
    Enum.map_reduce(keystrokes, tracker, fn {user, at}, tracker ->
      TypingTracker.typed(tracker, user, at)
    end)
  end

  test "the first notice is relayed, then at most one a second" do
    {decisions, _} =
      type(tracker(), for(at <- [0, 500, 999, 1_000, 1_500, 2_000], do: {"ada", at}))

    assert decisions == [:relay, :quiet, :quiet, :relay, :quiet, :relay]
  end

  test "the second is counted from the last relayed notice, not the last keystroke" do
    # A fast typist: a keystroke every 600 ms must still be relayed now and then.
    {decisions, _} = type(tracker(), [{"ada", 0}, {"ada", 600}, {"ada", 1_200}, {"ada", 1_800}])
    assert decisions == [:relay, :quiet, :relay, :quiet]
  end

  test "users are throttled independently" do
    {decisions, tracker} =
      type(tracker(), [{"ada", 0}, {"bob", 100}, {"ada", 200}, {"bob", 1_100}])

    assert decisions == [:relay, :relay, :quiet, :relay]
    assert TypingTracker.typing(tracker) == ["ada", "bob"]
  end

  test "a quiet keystroke keeps the user typing: idleness counts from the last one" do
    {_, tracker} = type(tracker(), [{"ada", 0}, {"ada", 2_500}])
    assert {[], tracker} = TypingTracker.expire(tracker, 3_000)
    assert {[], tracker} = TypingTracker.expire(tracker, 5_499)
    assert {["ada"], tracker} = TypingTracker.expire(tracker, 5_500)
    assert TypingTracker.typing(tracker) == []
  end

  test "expire names who stopped, sorted, and forgets them; they can start again" do
    {_, tracker} = type(tracker(), [{"bob", 0}, {"ada", 10}, {"cy", 2_000}])
    assert {["ada", "bob"], tracker} = TypingTracker.expire(tracker, 3_010)
    assert TypingTracker.typing(tracker) == ["cy"]
    assert {:relay, _} = TypingTracker.typed(tracker, "ada", 3_020)
  end

  test "posting or leaving stops typing at once" do
    {_, tracker} = type(tracker(), [{"ada", 0}, {"bob", 0}])
    assert {true, tracker} = TypingTracker.stopped(tracker, "ada")
    assert TypingTracker.typing(tracker) == ["bob"]
    assert {false, ^tracker} = TypingTracker.stopped(tracker, "ada")
    # A fresh start: the notice before the post does not hold this one back.
    assert {:relay, _} = TypingTracker.typed(tracker, "ada", 10)
  end

  test "nobody typing: nothing expires, nothing stops" do
    assert {[], tracker} = TypingTracker.expire(tracker(), 1_000_000)
    assert TypingTracker.typing(tracker) == []
    assert {false, ^tracker} = TypingTracker.stopped(tracker, "ada")
  end
end
