defmodule Recursion do
  @moduledoc """
  Loops written as recursion, in the two shapes Elixir code takes, and a measurement of each.

  Elixir has no `for (;;)` or `while`: a function that walks a list calls itself on the tail.
  In a *body-recursive* function the recursive call is not the last thing the clause does
  (`head + body_sum(tail)` still has an addition to do when the call returns), so every element
  leaves a frame on the process's stack. In a *tail-recursive* function the recursive call is
  the last thing the clause does, and the BEAM jumps to it without keeping a frame (last-call
  optimisation); the running result travels in an accumulator argument instead.

  `main/0` runs each function in a fresh process and reports how much memory that process's
  heap (which on the BEAM also holds its stack) grew by, and how long the call took, so that
  the claims of the chapter are numbers you can rerun.
  """

  # ANCHOR: sum
  @doc "Sums a list with body recursion: each element waits on the stack for the rest's sum."
  @spec body_sum([number()]) :: number()
  def body_sum([]), do: 0
  def body_sum([head | tail]), do: head + body_sum(tail)

  @doc "Sums a list with tail recursion: the running total is passed along, nothing waits."
  @spec tail_sum([number()]) :: number()
  def tail_sum(list), do: tail_sum(list, 0)

  defp tail_sum([], total), do: total
  defp tail_sum([head | tail], total), do: tail_sum(tail, total + head)
  # ANCHOR_END: sum

  # ANCHOR: double
  @doc "Doubles every element with body recursion: the list is built on the way back."
  @spec body_double([number()]) :: [number()]
  def body_double([]), do: []
  def body_double([head | tail]), do: [head * 2 | body_double(tail)]

  @doc "Doubles every element with tail recursion: built backwards, reversed once at the end."
  @spec tail_double([number()]) :: [number()]
  def tail_double(list), do: tail_double(list, [])

  defp tail_double([], doubled), do: :lists.reverse(doubled)
  defp tail_double([head | tail], doubled), do: tail_double(tail, [head * 2 | doubled])
  # ANCHOR_END: double

  # ANCHOR: measure
  @doc """
  Runs `fun` on the list `1..n` in a new process and returns `{result, words, microseconds}`:
  how many words the process's heap and stack grew by during the call, and how long it took.
  """
  @spec measure((list() -> term()), pos_integer()) ::
          {term(), non_neg_integer(), non_neg_integer()}
  def measure(fun, n) do
    task =
      Task.async(fn ->
        list = Enum.to_list(1..n)
        # Collect the garbage of building the list, so that the call starts from a tidy heap.
        :erlang.garbage_collect()
        {:total_heap_size, before} = Process.info(self(), :total_heap_size)
        {microseconds, result} = :timer.tc(fn -> fun.(list) end)
        {:total_heap_size, after_call} = Process.info(self(), :total_heap_size)
        {result, after_call - before, microseconds}
      end)

    Task.await(task, :infinity)
  end

  # ANCHOR_END: measure

  @doc "Measures the four functions on a million numbers and prints one line each."
  @spec main() :: :ok
  def main do
    n = 1_000_000
    IO.puts("each function on the list 1..#{n}, in a fresh process:")

    for {name, fun} <- [
          {"body_sum", &body_sum/1},
          {"tail_sum", &tail_sum/1},
          {"body_double", &body_double/1},
          {"tail_double", &tail_double/1}
        ] do
      {result, words, microseconds} = measure(fun, n)
      summary = if is_list(result), do: "#{length(result)} elements", else: "#{result}"

      IO.puts(
        String.pad_trailing(name, 12) <>
          "#{summary}, heap and stack grew by #{mib(words)}, took #{ms(microseconds)}"
      )
    end

    :ok
  end

  defp mib(words), do: "#{Float.round(words * :erlang.system_info(:wordsize) / 1_048_576, 1)} MiB"
  defp ms(microseconds), do: "#{Float.round(microseconds / 1000, 1)} ms"
end
