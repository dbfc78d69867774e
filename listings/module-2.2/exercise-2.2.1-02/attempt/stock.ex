defmodule Stock do
  @moduledoc """
  Reserves items from a stock level kept in a map of SKU to quantity, such as
  `%{"A-1" => 5, "B-2" => 0}`.

  Exercise 2.2.1-2: write `reserve/3` and `reserve_all/2` so that the tests in `test/` pass.
  Run them with `cargo xtask exercise 2.2.1-2`.
  """

  @type t :: %{optional(String.t()) => non_neg_integer()}
  @type reason :: :unknown_sku | {:insufficient, non_neg_integer()}

  # ANCHOR: starter
  @doc """
  Takes `quantity` items of `sku` out of `stock`: `{:ok, new_stock}`,
  `{:error, :unknown_sku}`, or `{:error, {:insufficient, available}}`. A quantity that is not
  a positive integer raises `FunctionClauseError`.
  """
  @spec reserve(t(), String.t(), pos_integer()) :: {:ok, t()} | {:error, reason()}
  def reserve(stock, sku, quantity) when is_integer(quantity) and quantity > 0 do
    raise "not written yet: Stock.reserve/3 for #{inspect(sku)} in #{inspect(stock)}"
  end

  @doc """
  Reserves every `{sku, quantity}` line of an order: `{:ok, new_stock}` when all of them can be
  served, otherwise `{:error, {sku, reason}}` for the first line that cannot.
  """
  @spec reserve_all(t(), [{String.t(), pos_integer()}]) ::
          {:ok, t()} | {:error, {String.t(), reason()}}
  def reserve_all(stock, order_lines) do
    raise "not written yet: Stock.reserve_all/2 for #{inspect(order_lines)} in #{inspect(stock)}"
  end

  # ANCHOR_END: starter
end
