defmodule LoopCounter do
  @moduledoc """
  A counter server written by hand with `spawn`, `send` and `receive`: the loop
  that chapter 3 ends with. It works, and it shows what every such server must
  repeat: a reference to match a reply to its request, a timeout so that a
  caller never waits forever, and a loop that passes its state to itself.
  It has no monitor, so a caller of a dead counter waits out the whole timeout.
  """

  # ANCHOR: loop
  @spec start(integer()) :: pid()
  def start(initial), do: spawn(fn -> loop(initial) end)

  @spec increment(pid(), integer()) :: :ok
  def increment(counter, by) do
    send(counter, {:increment, by})
    :ok
  end

  @spec value(pid(), timeout()) :: integer()
  def value(counter, timeout \\ 5_000) do
    ref = make_ref()
    send(counter, {:value, self(), ref})

    receive do
      {^ref, value} -> value
    after
      timeout -> exit(:timeout)
    end
  end

  defp loop(count) do
    receive do
      {:increment, by} ->
        loop(count + by)

      {:value, from, ref} ->
        send(from, {ref, count})
        loop(count)
    end
  end

  # ANCHOR_END: loop
end
