defmodule Stock do
  @moduledoc """
  Reserves items from a stock level kept in a map of SKU to quantity, such as
  `%{"A-1" => 5, "B-2" => 0}`.

  The map is never changed: a reservation returns a new map, and the caller decides whether to
  keep it. That makes `reserve_all/2` all-or-nothing without any undo code: when one line of an
  order fails, the caller still holds the stock it passed in. The outcomes a customer can cause
  are `{:error, reason}` values; a quantity that is not a positive integer is a bug in the
  caller and raises `FunctionClauseError`.
  """

  @type t :: %{optional(String.t()) => non_neg_integer()}
  @type reason :: :unknown_sku | {:insufficient, non_neg_integer()}

  # ANCHOR: solution
  @doc "Takes `quantity` items of `sku` out of `stock`."
  @spec reserve(t(), String.t(), pos_integer()) :: {:ok, t()} | {:error, reason()}
  def reserve(stock, sku, quantity) when is_integer(quantity) and quantity > 0 do
    case Map.fetch(stock, sku) do
      {:ok, available} when available >= quantity ->
        {:ok, %{stock | sku => available - quantity}}

      {:ok, available} ->
        {:error, {:insufficient, available}}

      :error ->
        {:error, :unknown_sku}
    end
  end

  @doc "Reserves every `{sku, quantity}` line of an order, or none of them."
  @spec reserve_all(t(), [{String.t(), pos_integer()}]) ::
          {:ok, t()} | {:error, {String.t(), reason()}}
  def reserve_all(stock, []), do: {:ok, stock}

  def reserve_all(stock, [{sku, quantity} | rest]) do
    case reserve(stock, sku, quantity) do
      {:ok, stock} -> reserve_all(stock, rest)
      {:error, reason} -> {:error, {sku, reason}}
    end
  end

  # ANCHOR_END: solution
end
