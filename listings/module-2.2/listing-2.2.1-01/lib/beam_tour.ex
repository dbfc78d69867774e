defmodule BeamTour do
  @moduledoc """
  A first look at the BEAM: start one process per number, let each one square its number and
  send the result back, and add the answers up.

  It is deliberately the smallest program that shows the three things chapter 2.2.1 needs from
  the virtual machine: a process is cheap enough to start for a single multiplication, processes
  share nothing and talk only by messages, and the caller decides how long it is willing to wait
  for each answer (`receive ... after`), so a lost answer is an error rather than a hang. Chapter 2.2.3 takes
  processes apart; here they are only a glimpse.
  """

  # ANCHOR: squares
  # How long to wait for each answer: past it, a lost answer is an error instead of a hang.
  @reply_timeout_ms 5_000

  @doc "Squares 1..count, each in its own process, and returns the sum of the squares."
  @spec sum_of_squares(pos_integer()) :: {:ok, non_neg_integer()} | {:error, :timeout}
  def sum_of_squares(count) when is_integer(count) and count > 0 do
    parent = self()

    Enum.each(1..count, fn number ->
      spawn(fn -> send(parent, {:square, number, number * number}) end)
    end)

    collect(count, 0)
  end

  # Waits for `left` more answers. Answers arrive in whatever order the schedulers ran the
  # processes, which is why each message carries its number and the sum does not care.
  defp collect(0, sum), do: {:ok, sum}

  defp collect(left, sum) do
    receive do
      {:square, _number, square} -> collect(left - 1, sum + square)
    after
      @reply_timeout_ms -> {:error, :timeout}
    end
  end

  # ANCHOR_END: squares

  # ANCHOR: main
  @doc "Runs `sum_of_squares/1` for 10,000 numbers and prints what happened and how long it took."
  @spec main() :: :ok
  def main do
    count = 10_000
    {microseconds, {:ok, sum}} = :timer.tc(fn -> sum_of_squares(count) end)
    expected = div(count * (count + 1) * (2 * count + 1), 6)

    IO.puts("started #{count} processes; each squared its number and sent it back")
    IO.puts("sum of the squares: #{sum} (the formula n(n+1)(2n+1)/6 says #{expected})")
    IO.puts("took #{Float.round(microseconds / 1000, 1)} ms")
  end

  # ANCHOR_END: main
end
