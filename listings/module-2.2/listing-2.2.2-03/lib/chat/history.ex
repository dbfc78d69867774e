defmodule Chat.History do
  @moduledoc """
  The last `limit` messages of a room, oldest first when enumerated.

  New messages are put at the head of a list, so the struct stores them newest first. That is
  constant time until the history is full; from then on each push cuts the list to `limit`
  with `Enum.take/2`, which copies it, so a push costs time in proportion to `limit`. For the
  few dozen messages a room keeps that is cheap; for thousands, Erlang's `:queue` would make
  a push constant time again. Callers should not need to know any of that: the
  `Enumerable` implementation below walks them oldest first, so `Enum.map/2`, `Enum.count/1`,
  `for` and everything else that takes an enumerable work on a history as on a list.
  """

  # ANCHOR: history
  @enforce_keys [:limit]
  defstruct limit: nil, count: 0, newest_first: []

  @type t :: %__MODULE__{limit: pos_integer(), count: non_neg_integer(), newest_first: list()}

  @doc "An empty history that keeps at most `limit` messages."
  @spec new(pos_integer()) :: t()
  def new(limit) when is_integer(limit) and limit > 0, do: %__MODULE__{limit: limit}

  @doc "Adds a message, dropping the oldest one if the history is full."
  @spec push(t(), term()) :: t()
  def push(%__MODULE__{count: count, limit: limit} = history, message) when count < limit do
    %{history | count: count + 1, newest_first: [message | history.newest_first]}
  end

  # Full: Enum.take/2 copies the `limit` newest, so every push from now on is O(limit).
  def push(%__MODULE__{} = history, message) do
    %{history | newest_first: Enum.take([message | history.newest_first], history.limit)}
  end

  # ANCHOR_END: history
end

# ANCHOR: enumerable
defimpl Enumerable, for: Chat.History do
  # The count is stored, so Enum.count/1 need not walk the list.
  def count(history), do: {:ok, history.count}

  # {:error, module} means "no shortcut here": Enum falls back to walking with reduce/3.
  def member?(_history, _value), do: {:error, __MODULE__}
  def slice(_history), do: {:error, __MODULE__}

  # Everything else in Enum is built on reduce/3: hand the work to the list's implementation.
  def reduce(history, acc, fun),
    do: Enumerable.reduce(Enum.reverse(history.newest_first), acc, fun)
end

# ANCHOR_END: enumerable
