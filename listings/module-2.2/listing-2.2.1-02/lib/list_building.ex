defmodule ListBuilding do
  @moduledoc """
  Two ways to build the list `[1, 2, ..., n]`, timed against each other.

  An Elixir list is a singly linked list of immutable cells. Putting a cell in front of a list
  (`[x | list]`) allocates one cell and points it at the old list, which is shared, not copied.
  Putting an element at the end (`list ++ [x]`) cannot change the last cell, because no value
  ever changes, so it copies every cell of `list`. Building a list of n elements by appending
  therefore copies 0 + 1 + ... + (n - 1) cells: quadratic work. The idiom is to prepend and
  reverse once at the end, which is linear. Rust's `Vec::push` is the opposite case: it writes
  into spare capacity at the end of a buffer it owns and may mutate.
  """

  # ANCHOR: builders
  @doc "Builds `[1, ..., n]` by prepending each number, then reversing once."
  @spec by_prepending(non_neg_integer()) :: [pos_integer()]
  def by_prepending(n) when is_integer(n) and n >= 0 do
    Enum.reduce(1..n//1, [], fn number, acc -> [number | acc] end)
    |> Enum.reverse()
  end

  @doc "Builds `[1, ..., n]` by appending each number to the end: every step copies the list."
  @spec by_appending(non_neg_integer()) :: [pos_integer()]
  def by_appending(n) when is_integer(n) and n >= 0 do
    Enum.reduce(1..n//1, [], fn number, acc -> acc ++ [number] end)
  end

  # ANCHOR_END: builders

  @doc "Times both builders for two sizes, the second twice the first, and prints the times."
  @spec main() :: :ok
  def main do
    # A first run loads code and grows the heap, so that neither timed run pays for it.
    _warm_up = {by_prepending(1_000), by_appending(1_000)}

    [small, large] =
      for n <- [10_000, 20_000] do
        prepend_us = time_us(fn -> by_prepending(n) end)
        append_us = time_us(fn -> by_appending(n) end)

        IO.puts(
          "n = #{n}: prepend then reverse #{ms(prepend_us)}, " <>
            "append one at a time #{ms(append_us)}"
        )

        {prepend_us, append_us}
      end

    {_, small_append_us} = small
    {_, large_append_us} = large
    growth = Float.round(large_append_us / max(small_append_us, 1), 1)
    IO.puts("twice the elements made appending take #{growth}x as long")
  end

  defp time_us(build) do
    {microseconds, _list} = :timer.tc(build)
    microseconds
  end

  defp ms(microseconds), do: "#{Float.round(microseconds / 1000, 1)} ms"
end
