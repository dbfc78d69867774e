# Your attempt: write the function and run `cargo xtask exercise 2.2.9-1`.
defmodule Inbox do
  @moduledoc """
  Waiting for messages in tests and clients, under one deadline for them all.
  """

  # ANCHOR: starter
  @doc """
  Receives the next `count` messages that match `{tag, _}` from the caller's
  mailbox, in the order they arrived, and returns `{:ok, payloads}`.

  `timeout_ms` bounds the whole wait, not each message: if fewer than `count`
  have arrived when it runs out, returns `{:error, {:timeout, payloads_so_far}}`.
  Messages with other tags stay in the mailbox. Never sleeps.
  """
  @spec take(atom(), non_neg_integer(), non_neg_integer()) ::
          {:ok, [term()]} | {:error, {:timeout, [term()]}}
  def take(_tag, _count, _timeout_ms) do
    raise "not written yet: compute a deadline once, then receive with what is left of it"
  end

  # ANCHOR_END: starter
end
