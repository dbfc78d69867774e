# Your attempt: write the function and run `cargo xtask exercise 2.2.8-1`.
defmodule Chat.HistoryMerge do
  @moduledoc """
  Merges what two replicas of a chat room hold after a netsplit heals: each
  side kept accepting messages while the other could not hear it, so each has
  messages the other missed, and both have the ones sent before the split.
  """

  # ANCHOR: starter
  @doc """
  The history both replicas should show once the split has healed: every
  message of `ours` and `theirs` exactly once (a message is the same message
  when its `"id"` is the same; keep our copy), ordered by `"at"` (ISO 8601
  UTC strings of one width, so they sort as strings), oldest first. Messages
  with the same `"at"` keep the order they have in `ours`, then `theirs`.
  Only the newest `keep` messages are returned.
  """
  @spec merge_histories([message], [message], pos_integer()) :: [message]
        when message: %{required(String.t()) => String.t()}
  def merge_histories(_ours, _theirs, _keep) do
    raise "not written yet: drop the messages of theirs whose ids you have, then sort"
  end

  # ANCHOR_END: starter
end
