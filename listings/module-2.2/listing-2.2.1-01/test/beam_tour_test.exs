defmodule BeamTourTest do
  use ExUnit.Case, async: true

  test "the processes' answers add up to the closed formula" do
    for count <- [1, 2, 10, 1_000] do
      expected = div(count * (count + 1) * (2 * count + 1), 6)
      assert BeamTour.sum_of_squares(count) == {:ok, expected}
    end
  end

  test "the caller's mailbox is left empty" do
    assert {:ok, _} = BeamTour.sum_of_squares(100)
    refute_received {:square, _, _}
  end

  test "a count that is not a positive integer is a bug in the caller" do
    assert_raise FunctionClauseError, fn -> BeamTour.sum_of_squares(0) end
    assert_raise FunctionClauseError, fn -> BeamTour.sum_of_squares("10") end
  end
end
