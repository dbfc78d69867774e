defmodule ListBuildingTest do
  use ExUnit.Case, async: true

  test "both builders give the same list, in order" do
    for n <- [0, 1, 2, 500] do
      assert ListBuilding.by_prepending(n) == Enum.to_list(1..n//1)
      assert ListBuilding.by_appending(n) == Enum.to_list(1..n//1)
    end
  end

  # :erts_debug.same/2 tells whether two terms are the same object in memory. It is a debugging
  # aid, used here only to check the claim about sharing that the chapter makes.
  test "prepending shares the old list instead of copying it" do
    old = [2, 3, 4]
    new = [1 | old]
    assert :erts_debug.same(tl(new), old)
  end

  test "++ copies its left operand and shares its right one" do
    left = [1, 2]
    right = [3, 4]
    joined = left ++ right
    assert :erts_debug.same(tl(tl(joined)), right)
    # The cells holding 1 and 2 are new ones: the old `left` still ends in [], not in `right`.
    assert left == [1, 2]
    refute :erts_debug.same(tl(joined), tl(left))
  end
end
