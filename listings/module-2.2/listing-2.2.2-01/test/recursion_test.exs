defmodule RecursionTest do
  use ExUnit.Case, async: true

  # The size the chapter measures: a smaller list leaves the stack room in the heap's free space,
  # and the memory block does not have to grow at all.
  @n 1_000_000

  test "both sums agree with Enum.sum/1, including on the empty list" do
    for list <- [[], [7], Enum.to_list(1..1000), [-1.5, 2, 3]] do
      assert Recursion.body_sum(list) == Enum.sum(list)
      assert Recursion.tail_sum(list) == Enum.sum(list)
    end
  end

  test "both doubles keep the order of the list" do
    for list <- [[], [1], [3, 1, 2], Enum.to_list(1..1000)] do
      expected = Enum.map(list, &(&1 * 2))
      assert Recursion.body_double(list) == expected
      assert Recursion.tail_double(list) == expected
    end
  end

  test "the tail-recursive sum runs in the memory it started with" do
    assert {500_000_500_000, 0, _microseconds} = Recursion.measure(&Recursion.tail_sum/1, @n)
  end

  test "the body-recursive sum grows the stack by more than a word per element" do
    assert {500_000_500_000, words, _microseconds} = Recursion.measure(&Recursion.body_sum/1, @n)
    assert words > @n
  end

  test "the two doubles need memory of the same order: within a factor of two" do
    {_, body_words, _} = Recursion.measure(&Recursion.body_double/1, @n)
    {_, tail_words, _} = Recursion.measure(&Recursion.tail_double/1, @n)
    assert body_words < 2 * tail_words and tail_words < 2 * body_words
  end
end
