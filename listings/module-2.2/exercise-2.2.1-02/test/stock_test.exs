defmodule StockTest do
  use ExUnit.Case, async: true

  @stock %{"A-1" => 5, "B-2" => 0, "C-3" => 2}

  describe "reserve/3" do
    test "takes items and returns the new stock" do
      assert Stock.reserve(@stock, "A-1", 3) == {:ok, %{"A-1" => 2, "B-2" => 0, "C-3" => 2}}
      assert Stock.reserve(@stock, "A-1", 5) == {:ok, %{"A-1" => 0, "B-2" => 0, "C-3" => 2}}
    end

    test "keeps every SKU, even one reserved down to zero" do
      assert {:ok, stock} = Stock.reserve(@stock, "C-3", 2)
      assert Map.keys(stock) == Map.keys(@stock)
      assert Stock.reserve(stock, "C-3", 1) == {:error, {:insufficient, 0}}
    end

    test "tells an unknown SKU from one that is out of stock" do
      assert Stock.reserve(@stock, "Z-9", 1) == {:error, :unknown_sku}
      assert Stock.reserve(@stock, "B-2", 1) == {:error, {:insufficient, 0}}
      assert Stock.reserve(@stock, "A-1", 6) == {:error, {:insufficient, 5}}
    end

    test "a quantity that is not a positive integer is a bug in the caller" do
      for quantity <- [0, -1, 1.5, "2", nil] do
        assert_raise FunctionClauseError, fn -> Stock.reserve(@stock, "A-1", quantity) end
      end
    end
  end

  describe "reserve_all/2" do
    test "reserves every line, one after the other" do
      assert Stock.reserve_all(@stock, [{"A-1", 2}, {"C-3", 2}, {"A-1", 3}]) ==
               {:ok, %{"A-1" => 0, "B-2" => 0, "C-3" => 0}}
    end

    test "an empty order changes nothing" do
      assert Stock.reserve_all(@stock, []) == {:ok, @stock}
    end

    test "stops at the first line that cannot be served, and names it" do
      assert Stock.reserve_all(@stock, [{"A-1", 2}, {"C-3", 3}, {"Z-9", 1}]) ==
               {:error, {"C-3", {:insufficient, 2}}}

      assert Stock.reserve_all(@stock, [{"A-1", 4}, {"A-1", 4}]) ==
               {:error, {"A-1", {:insufficient, 1}}}

      assert Stock.reserve_all(@stock, [{"Z-9", 1}]) == {:error, {"Z-9", :unknown_sku}}
    end
  end
end
