defmodule Chat.HistoryMerge do
  @moduledoc """
  Merges what two replicas of a chat room hold after a netsplit heals: each
  side kept accepting messages while the other could not hear it, so each has
  messages the other missed, and both have the ones sent before the split.
  """

  # ANCHOR: solution
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
  def merge_histories(ours, theirs, keep) do
    known = MapSet.new(ours, & &1["id"])
    missed = Enum.reject(theirs, &MapSet.member?(known, &1["id"]))

    (ours ++ missed)
    # Enum.sort_by/2 is stable: equal times keep their order in the list.
    |> Enum.sort_by(& &1["at"])
    |> Enum.take(-keep)
  end

  # ANCHOR_END: solution
end
