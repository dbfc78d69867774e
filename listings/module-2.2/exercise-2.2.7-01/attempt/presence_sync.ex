# Your attempt: write the function and run `cargo xtask exercise 2.2.7-1`.
defmodule PresenceSync do
  @moduledoc """
  The client's half of Presence: folds a `presence_diff` into the presence
  state a client holds, with the same rules as phoenix.js's
  `Presence.syncDiff`, so that a server (or a test) can predict exactly what
  a browser will show.
  """

  @type presences :: %{String.t() => %{String.t() => term()}}

  # ANCHOR: starter
  @doc """
  Applies `diff` (`%{"joins" => presences, "leaves" => presences}`) to `state`.

  Joins first, then leaves, as phoenix.js does:

    * a join of a key not in the state adds the joined presence as it is;
    * a join of a key already there replaces the entry with the joined one,
      whose metas come after the current metas it does not repeat (a meta
      is the same one when its `"phx_ref"` is);
    * a leave removes the metas whose `"phx_ref"` it names; a key left with
      no metas is removed; a leave of a key not in the state is ignored.
  """
  @spec sync_diff(presences(), %{String.t() => presences()}) :: presences()
  def sync_diff(_state, _diff) do
    raise "not written yet: reduce over the joins, then over the leaves, matching metas by phx_ref"
  end

  # ANCHOR_END: starter
end
