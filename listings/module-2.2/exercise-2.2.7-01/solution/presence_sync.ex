defmodule PresenceSync do
  @moduledoc """
  The client's half of Presence: folds a `presence_diff` into the presence
  state a client holds, with the same rules as phoenix.js's
  `Presence.syncDiff`, so that a server (or a test) can predict exactly what
  a browser will show.
  """

  @type presences :: %{String.t() => %{String.t() => term()}}

  # ANCHOR: solution
  @doc """
  Applies `diff` (`%{"joins" => presences, "leaves" => presences}`) to
  `state`: joins first, then leaves, metas matched by `"phx_ref"`.
  """
  @spec sync_diff(presences(), %{String.t() => presences()}) :: presences()
  def sync_diff(state, %{"joins" => joins, "leaves" => leaves}) do
    state = Enum.reduce(joins, state, &join/2)
    Enum.reduce(leaves, state, &leave/2)
  end

  defp join({key, joined}, state) do
    case Map.fetch(state, key) do
      :error ->
        Map.put(state, key, joined)

      {:ok, current} ->
        joined_refs = refs(joined)
        kept = Enum.reject(current["metas"], &(&1["phx_ref"] in joined_refs))
        Map.put(state, key, %{joined | "metas" => kept ++ joined["metas"]})
    end
  end

  defp leave({key, left}, state) do
    case Map.fetch(state, key) do
      :error ->
        state

      {:ok, current} ->
        left_refs = refs(left)

        case Enum.reject(current["metas"], &(&1["phx_ref"] in left_refs)) do
          [] -> Map.delete(state, key)
          metas -> Map.put(state, key, %{current | "metas" => metas})
        end
    end
  end

  defp refs(presence), do: Enum.map(presence["metas"], & &1["phx_ref"])
  # ANCHOR_END: solution
end
