defmodule Collector do
  @moduledoc """
  Gathers the replies of several processes from the caller's mailbox, with one deadline for
  all of them, so that a caller waiting on many workers never waits longer than it promised.
  """

  # ANCHOR: solution
  @doc """
  Takes up to `count` messages `{tag, value}` with this exact `tag` from the caller's mailbox,
  waiting at most `timeout` milliseconds in all (not per message).

  Returns `{:ok, values}` when all `count` arrived, or `{:timeout, values}` with those that
  arrived in time; either way the values are in the order they arrived. Messages with another
  tag, or of another shape, stay in the mailbox untouched.
  """
  @spec collect(term(), non_neg_integer(), non_neg_integer()) ::
          {:ok, [term()]} | {:timeout, [term()]}
  def collect(tag, count, timeout) do
    deadline = System.monotonic_time(:millisecond) + timeout
    gather(tag, count, deadline, [])
  end

  defp gather(_tag, 0, _deadline, values), do: {:ok, Enum.reverse(values)}

  defp gather(tag, left, deadline, values) do
    wait = max(deadline - System.monotonic_time(:millisecond), 0)

    receive do
      {^tag, value} -> gather(tag, left - 1, deadline, [value | values])
    after
      wait -> {:timeout, Enum.reverse(values)}
    end
  end

  # ANCHOR_END: solution
end
