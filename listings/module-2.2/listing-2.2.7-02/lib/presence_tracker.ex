defmodule PresenceTracker do
  @moduledoc """
  Who is on each topic, kept by one process per node and published in
  Phoenix's Presence format, so that phoenix.js's `Presence` class can
  consume it unchanged:

    * `list/2` gives a `presence_state`: `%{key => %{"metas" => [meta, ...]}}`,
      one entry per key (a user), one meta per tracked process (a tab, a
      phone), each meta carrying a `"phx_ref"` that names that one presence;
    * subscribers of a topic get `{:presence_diff, topic, diff}` with
      `%{"joins" => ..., "leaves" => ...}` in the same shape, holding only
      the metas that changed.

  The tracker monitors every tracked process, so a process that dies (a
  socket closed, a channel crashed) becomes a leave without anyone calling
  `untrack/4`: the same property that makes `:pg` groups clean up after
  themselves.

  Unlike Phoenix.Tracker, this tracker lives on one node and keeps no
  history: there is nothing to replicate, so no CRDT, no heartbeat and no
  down period. Its `phx_ref`s are a counter, so that the demo's output is
  stable; Phoenix makes them from the time, a hash of node and pid and a
  unique integer, so that they are unique across the cluster.
  """

  use GenServer

  @type key :: String.t()
  @type meta :: %{String.t() => term()}
  @type presences :: %{key() => %{String.t() => [meta()]}}

  # ANCHOR: channels_tracker_api
  @doc "Starts a tracker; `opts` may give a `:name`."
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts), do: GenServer.start_link(__MODULE__, :ok, Keyword.take(opts, [:name]))

  @doc "Tracks `pid` on `topic` as `key` with `meta`; returns the meta's `phx_ref`."
  @spec track(GenServer.server(), pid(), String.t(), key(), map()) :: {:ok, String.t()}
  def track(tracker, pid, topic, key, meta),
    do: GenServer.call(tracker, {:track, pid, topic, key, meta})

  @doc "Stops tracking `pid` on `topic` as `key` (a leave, if it was tracked)."
  @spec untrack(GenServer.server(), pid(), String.t(), key()) :: :ok
  def untrack(tracker, pid, topic, key), do: GenServer.call(tracker, {:untrack, pid, topic, key})

  @doc "The topic's presences, as a `presence_state` payload."
  @spec list(GenServer.server(), String.t()) :: presences()
  def list(tracker, topic), do: GenServer.call(tracker, {:list, topic})

  @doc "Sends the caller `{:presence_diff, topic, diff}` for every change on `topic`."
  @spec subscribe(GenServer.server(), String.t()) :: :ok
  def subscribe(tracker, topic), do: GenServer.call(tracker, {:subscribe, self(), topic})
  # ANCHOR_END: channels_tracker_api

  @impl true
  def init(:ok) do
    # entries: one per tracked {pid, topic, key}, in the order they joined.
    {:ok, %{entries: [], monitors: %{}, subscribers: [], next_ref: 1}}
  end

  # ANCHOR: channels_tracker_track
  @impl true
  def handle_call({:track, pid, topic, key, meta}, _from, state) do
    ref = Integer.to_string(state.next_ref)
    meta = Map.put(meta, "phx_ref", ref)
    state = %{state | next_ref: state.next_ref + 1}
    state = %{state | monitors: ensure_monitor(state.monitors, pid)}
    state = %{state | entries: state.entries ++ [{pid, topic, key, meta}]}
    publish(state, topic, %{"joins" => group([{key, meta}]), "leaves" => %{}})
    {:reply, {:ok, ref}, state}
  end

  def handle_call({:untrack, pid, topic, key}, _from, state) do
    {gone, kept} = Enum.split_with(state.entries, &match?({^pid, ^topic, ^key, _}, &1))

    {:reply, :ok, leave(%{state | entries: kept}, gone)}
  end

  def handle_call({:list, topic}, _from, state) do
    {:reply, group(for({_pid, ^topic, key, meta} <- state.entries, do: {key, meta})), state}
  end

  def handle_call({:subscribe, pid, topic}, _from, state) do
    {:reply, :ok, %{state | subscribers: state.subscribers ++ [{pid, topic}]}}
  end

  # A tracked process died: every presence it had, on every topic, leaves.
  @impl true
  def handle_info({:DOWN, _ref, :process, pid, _reason}, state) do
    {gone, kept} = Enum.split_with(state.entries, &match?({^pid, _, _, _}, &1))
    state = %{state | monitors: Map.delete(state.monitors, pid), entries: kept}
    {:noreply, leave(state, gone)}
  end

  # ANCHOR_END: channels_tracker_track

  # One diff per topic, holding every meta that left it.
  defp leave(state, gone) do
    gone
    |> Enum.group_by(fn {_pid, topic, _key, _meta} -> topic end)
    |> Enum.sort()
    |> Enum.each(fn {topic, entries} ->
      leaves = group(for {_pid, _topic, key, meta} <- entries, do: {key, meta})
      publish(state, topic, %{"joins" => %{}, "leaves" => leaves})
    end)

    state
  end

  defp ensure_monitor(monitors, pid) do
    if Map.has_key?(monitors, pid),
      do: monitors,
      else: Map.put(monitors, pid, Process.monitor(pid))
  end

  # ANCHOR: channels_tracker_group
  # Phoenix's shape: one entry per key, the metas of all its presences in the
  # order they were tracked.
  defp group(key_metas) do
    Enum.reduce(key_metas, %{}, fn {key, meta}, acc ->
      Map.update(acc, key, %{"metas" => [meta]}, fn %{"metas" => metas} ->
        %{"metas" => metas ++ [meta]}
      end)
    end)
  end

  defp publish(state, topic, diff) do
    for {pid, ^topic} <- state.subscribers, do: send(pid, {:presence_diff, topic, diff})
    :ok
  end

  # ANCHOR_END: channels_tracker_group
end
