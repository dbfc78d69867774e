defmodule Inbox do
  @moduledoc """
  Waiting for messages in tests and clients, under one deadline for them all.
  """

  # ANCHOR: solution
  @doc """
  Receives the next `count` messages that match `{tag, _}` from the caller's
  mailbox, in the order they arrived, and returns `{:ok, payloads}`.

  `timeout_ms` bounds the whole wait, not each message: if fewer than `count`
  have arrived when it runs out, returns `{:error, {:timeout, payloads_so_far}}`.
  Messages with other tags stay in the mailbox. Never sleeps.
  """
  @spec take(atom(), non_neg_integer(), non_neg_integer()) ::
          {:ok, [term()]} | {:error, {:timeout, [term()]}}
  def take(tag, count, timeout_ms) do
    deadline = System.monotonic_time(:millisecond) + timeout_ms
    take(tag, count, deadline, [])
  end

  defp take(_tag, 0, _deadline, acc), do: {:ok, Enum.reverse(acc)}

  defp take(tag, count, deadline, acc) do
    left = max(deadline - System.monotonic_time(:millisecond), 0)

    receive do
      {^tag, payload} -> take(tag, count - 1, deadline, [payload | acc])
    after
      left -> {:error, {:timeout, Enum.reverse(acc)}}
    end
  end

  # ANCHOR_END: solution
end
