defmodule Chat.Room do
  @moduledoc """
  One chat room: a GenServer per active room on each node, started under
  `Chat.RoomSupervisor` and found through `Chat.RoomRegistry`.

  ## What a room owns

    * its members on this node: the channel processes that joined, monitored so
      a channel that dies (or whose socket dies) leaves the room;
    * the history: the latest messages in memory, every message appended to
      `Chat.HistoryLog` before it is acknowledged, so a restarted room (or a
      restarted node) reads it back;
    * a token bucket per user, which turns a flood into `rate_limited` replies;
    * presence: who is here, in Phoenix's `presence_state`/`presence_diff`
      format, which phoenix.js's `Presence` class folds into its list.

  ## Rooms across nodes

  Every node that has members in a room runs its own replica of the room, and
  the replicas find each other through the `:pg` group `{:room, name}` in the
  `Chat.PG` scope. The replica that receives a message validates it,
  rate-limits the sender, gives it an id and a time, appends it, fans it out to
  its own members' connections and then sends it to the other replicas, which
  append and fan out to theirs. Presence works the same way: each replica tracks its own
  members and sends the others what changed; a replica forgets a node's
  members when that node goes down or its replica dies.

  Why replicas rather than one owner process per room somewhere in the
  cluster: a message to local members never leaves the node, a netsplit leaves
  both halves chatting instead of one half silent, and no election or handoff
  is needed when a node leaves. The price is that the replicas agree only on
  what they saw: messages from two nodes sent at the same moment can appear in
  a different order on each side. A replica that starts while others run asks
  them for their history (waiting up to a second) and adopts what it missed;
  when a node comes up (or back after a netsplit), each replica says hello to
  the room on that node again, so presence is restored and the messages each
  side missed are merged (by id, in time order).

  ## An empty room stops

  A room whose last local member left stops after `:room_idle_ms` (60 s by
  default) with no one joining, so rooms that were used once do not hold a
  process, a file and a history in memory forever. A join that races the stop
  finds the room gone and starts it again (see `Chat.Channel`).

  Rooms are `:temporary` children: a crashed room is started again by the next
  join, not by the supervisor, so a restart can never race a join that starts
  the same name. Its channels exit when it dies, so phoenix.js gets a
  `phx_error`, rejoins, and the rejoin starts the room again from its log.
  """

  use GenServer, restart: :temporary

  alias Chat.{HistoryLog, Serializer, TokenBucket}

  @welcome_wait_ms 1_000

  @type name :: String.t()

  @doc "A room name: 1 to 64 of `A-Z a-z 0-9 _ -` (it becomes a file name)."
  @spec valid_name?(term()) :: boolean()
  def valid_name?(name), do: is_binary(name) and name =~ ~r/\A[A-Za-z0-9_-]{1,64}\z/

  @doc """
  The room's pid on this node, starting it if it is not running; an error if
  the node already runs `:max_rooms` rooms.
  """
  # ANCHOR: otp_on_demand
  @spec whereis_or_start(name()) :: {:ok, pid()} | {:error, :too_many_rooms}
  def whereis_or_start(name), do: whereis_or_start(name, 100)

  defp whereis_or_start(name, tries) do
    case Registry.lookup(Chat.RoomRegistry, name) do
      [{pid, _}] ->
        if Process.alive?(pid) or tries == 0 do
          {:ok, pid}
        else
          # The room died a moment ago and the Registry has not yet dropped its
          # name (it learns of the death by a message of its own): let it run.
          Process.sleep(1)
          whereis_or_start(name, tries - 1)
        end

      [] ->
        case DynamicSupervisor.start_child(Chat.RoomSupervisor, {__MODULE__, name}) do
          {:ok, pid} -> {:ok, pid}
          {:error, {:already_started, pid}} when tries == 0 -> {:ok, pid}
          {:error, {:already_started, _pid}} -> whereis_or_start(name, tries - 1)
          {:error, :max_children} -> {:error, :too_many_rooms}
        end
    end
  end

  # ANCHOR_END: otp_on_demand

  @doc "The room's pid on this node, if it runs."
  @spec whereis(name()) :: pid() | nil
  def whereis(name) do
    case Registry.lookup(Chat.RoomRegistry, name) do
      [{pid, _}] -> pid
      [] -> nil
    end
  end

  # ANCHOR: otp_via
  @doc false
  def start_link(name) do
    GenServer.start_link(__MODULE__, name, name: {:via, Registry, {Chat.RoomRegistry, name}})
  end

  # ANCHOR_END: otp_via

  # ANCHOR: otp_client_api
  @doc """
  Adds `channel` (the calling channel process) as `user`; the room's frames
  go straight to `socket`, the channel's connection. Returns the history and
  the presence state that already includes the new member.
  """
  @spec join(pid(), pid(), pid(), String.t()) :: {:ok, [map()], map()}
  def join(room, channel, socket, user),
    do: GenServer.call(room, {:join, channel, socket, user})

  @doc "Posts `body` as `user`: the message as broadcast, or why it was refused."
  @spec post(pid(), String.t(), term()) :: {:ok, map()} | {:error, String.t()}
  def post(room, user, body), do: GenServer.call(room, {:post, user, body})

  @doc "The history the room holds in memory, oldest first (for tests and tools)."
  @spec history(pid()) :: [map()]
  def history(room), do: GenServer.call(room, :history)

  @doc "The members' presence as the room sees it (for tests and tools)."
  @spec presence(pid()) :: map()
  def presence(room), do: GenServer.call(room, :presence)
  # ANCHOR_END: otp_client_api

  @impl true
  def init(name) do
    env = Application.get_all_env(:chat)
    :ok = :pg.join(Chat.PG, {:room, name}, self())
    :ok = :net_kernel.monitor_nodes(true)

    state = %{
      name: name,
      topic: "room:" <> name,
      data_dir: Keyword.fetch!(env, :data_dir),
      # Set by handle_continue(:load), before any call is handled.
      log: nil,
      history: [],
      keep: Keyword.fetch!(env, :history_size),
      max_body: Keyword.fetch!(env, :max_body_bytes),
      idle_ms: Keyword.fetch!(env, :room_idle_ms),
      # Bumped on every join, so a stale idle timer knows it is stale.
      generation: 0,
      rate: Keyword.fetch!(env, :rate_per_second),
      burst: Keyword.fetch!(env, :rate_burst),
      buckets: %{},
      # channel pid => %{user: ..., meta: ..., monitor: ...}
      members: %{},
      # node => %{user => [meta]} for the other nodes' replicas
      remote: %{},
      replicas: %{}
    }

    {:ok, state, {:continue, :load}}
  end

  # Reading the log and waiting for the other replicas happen here, not in
  # init/1: init runs inside RoomSupervisor's start_child, so a slow start
  # there would hold up every room start on the node. Joins that arrive
  # meanwhile wait in the mailbox and are handled after this.
  # ANCHOR: chat_room_load
  @impl true
  def handle_continue(:load, state) do
    {log, history} = HistoryLog.open(state.data_dir, state.name, state.keep)
    # Merged messages are appended when they arrive, so the log is not quite in
    # time order; the window is (a stable sort keeps same-millisecond order).
    state = %{state | log: log, history: Enum.sort_by(history, & &1["at"])}
    peers = peers(state)
    for peer <- peers, do: send(peer, {:replica_hello, self(), node(), local_presence(state)})
    deadline = System.monotonic_time(:millisecond) + @welcome_wait_ms
    # A room started but never joined stops too (generation 0 is "no join yet").
    Process.send_after(self(), {:idle, 0}, state.idle_ms)
    {:noreply, await_welcomes(state, length(peers), deadline)}
  end

  # ANCHOR_END: chat_room_load

  # The first join should see the history the other replicas hold, so a new
  # replica waits (briefly) for their answers before it takes calls. Two
  # replicas starting at once both wait the full time, then carry on.
  defp await_welcomes(state, 0, _deadline), do: state

  defp await_welcomes(state, left, deadline) do
    timeout = max(deadline - System.monotonic_time(:millisecond), 0)

    receive do
      {:replica_welcome, pid, peer_node, presence, history} ->
        state
        |> adopt_replica(pid, peer_node, presence)
        |> merge_history(history)
        |> await_welcomes(left - 1, deadline)
    after
      timeout -> state
    end
  end

  # ANCHOR: channels_room_join
  @impl true
  def handle_call({:join, channel, socket, user}, _from, state) do
    meta = %{
      "phx_ref" => Base.url_encode64(:crypto.strong_rand_bytes(8), padding: false),
      "online_at" => now_iso()
    }

    # Told to the others before the newcomer is a member: its own presence
    # state, pushed next, already lists it.
    joins = %{user => %{"metas" => [meta]}}
    fan_out(state, "presence_diff", %{"joins" => joins, "leaves" => %{}})
    monitor = Process.monitor(channel)
    member = %{user: user, meta: meta, monitor: monitor, socket: socket}
    state = put_in(state.members[channel], member)
    state = %{state | generation: state.generation + 1}
    tell_replicas(state, {:replica_presence, node(), joins, %{}})
    {:reply, {:ok, state.history, presence_state(state)}, state}
  end

  # ANCHOR_END: channels_room_join

  # ANCHOR: channels_room_post
  # ANCHOR: otp_post
  def handle_call({:post, user, body}, _from, state) do
    cond do
      not is_binary(body) or body == "" ->
        {:reply, {:error, "invalid_body"}, state}

      byte_size(body) > state.max_body ->
        {:reply, {:error, "too_long"}, state}

      true ->
        now = System.monotonic_time(:millisecond)

        bucket =
          Map.get_lazy(state.buckets, user, fn ->
            TokenBucket.new(state.rate, state.burst, now)
          end)

        case TokenBucket.take(bucket, now) do
          {:ok, bucket} ->
            message = %{"id" => new_id(), "user" => user, "body" => body, "at" => now_iso()}
            state = %{state | buckets: Map.put(state.buckets, user, bucket)}
            state = record(state, message)
            tell_replicas(state, {:replica_msg, message})
            {:reply, {:ok, message}, state}

          {:error, :empty, bucket} ->
            {:reply, {:error, "rate_limited"},
             %{state | buckets: Map.put(state.buckets, user, bucket)}}
        end
    end
  end

  # ANCHOR_END: channels_room_post
  # ANCHOR_END: otp_post

  def handle_call(:presence, _from, state), do: {:reply, presence_state(state), state}
  def handle_call(:history, _from, state), do: {:reply, state.history, state}

  # ANCHOR: channels_room_leave
  @impl true
  def handle_info({:DOWN, _ref, :process, pid, _reason}, state) do
    case Map.pop(state.members, pid) do
      {%{user: user, meta: meta}, members} ->
        state = %{state | members: members}
        state = forget_idle_bucket(state, user)
        leaves = %{user => %{"metas" => [meta]}}
        fan_out(state, "presence_diff", %{"joins" => %{}, "leaves" => leaves})
        tell_replicas(state, {:replica_presence, node(), %{}, leaves})

        if members == %{},
          do: Process.send_after(self(), {:idle, state.generation}, state.idle_ms)

        {:noreply, state}

      {nil, _} ->
        # A replica on another node died: its members are gone with it.
        case Map.pop(state.replicas, pid) do
          {nil, _} -> {:noreply, state}
          {peer_node, replicas} -> {:noreply, drop_node(%{state | replicas: replicas}, peer_node)}
        end
    end
  end

  # ANCHOR_END: channels_room_leave

  # ANCHOR: chat_room_idle
  def handle_info({:idle, generation}, %{generation: generation, members: members} = state)
      when members == %{} do
    {:stop, :normal, state}
  end

  def handle_info({:idle, _stale}, state), do: {:noreply, state}

  # ANCHOR_END: chat_room_idle

  def handle_info({:replica_msg, message}, state), do: {:noreply, record(state, message)}

  def handle_info({:replica_hello, pid, peer_node, presence}, state) do
    send(pid, {:replica_welcome, self(), node(), local_presence(state), state.history})
    {:noreply, adopt_replica(state, pid, peer_node, presence)}
  end

  def handle_info({:replica_welcome, pid, peer_node, presence, history}, state) do
    {:noreply, state |> adopt_replica(pid, peer_node, presence) |> merge_history(history)}
  end

  def handle_info({:replica_presence, peer_node, joins, leaves}, state) do
    entries = Map.get(state.remote, peer_node, %{})
    entries = entries |> remove_metas(leaves) |> add_metas(joins)
    fan_out(state, "presence_diff", %{"joins" => joins, "leaves" => leaves})
    {:noreply, put_in(state.remote[peer_node], entries)}
  end

  # ANCHOR: distribution_node_events
  def handle_info({:nodedown, peer_node}, state), do: {:noreply, drop_node(state, peer_node)}

  def handle_info({:nodeup, peer_node}, state) do
    :erpc.cast(peer_node, __MODULE__, :hello_from, [
      state.name,
      self(),
      node(),
      local_presence(state)
    ])

    {:noreply, state}
  end

  # ANCHOR_END: distribution_node_events

  # ANCHOR: chat_room_terminate
  @impl true
  def terminate(_reason, %{log: nil}), do: :ok
  def terminate(_reason, state), do: HistoryLog.close(state.log)
  # ANCHOR_END: chat_room_terminate

  # -- history and fan-out ----------------------------------------------------

  # ANCHOR: chat_room_record
  defp record(state, message) do
    log = HistoryLog.append(state.log, message)
    fan_out(state, "new_msg", message)
    history = Enum.take(state.history ++ [message], -state.keep)
    %{state | log: HistoryLog.compact(log, history), history: history}
  end

  # ANCHOR_END: chat_room_record

  # ANCHOR: distribution_merge
  # Messages a peer holds and this replica missed (it was not running when
  # they were sent) are written to this node's log too; the history is kept
  # in time order (a stable sort, so messages of the same millisecond keep the
  # order they arrived in).
  #
  # Only messages at least as new as the oldest one in a full window are
  # taken: an older one is either in this node's log already (beyond the
  # window, where the id check cannot see it, as after a netsplit heals) or
  # too old to be shown, and appending it would write it twice.
  defp merge_history(state, theirs) do
    known = MapSet.new(state.history, & &1["id"])

    oldest = if length(state.history) >= state.keep, do: hd(state.history)["at"], else: ""

    case Enum.reject(theirs, &(MapSet.member?(known, &1["id"]) or &1["at"] < oldest)) do
      [] ->
        state

      missing ->
        log = Enum.reduce(missing, state.log, &HistoryLog.append(&2, &1))

        history =
          (state.history ++ missing)
          |> Enum.sort_by(& &1["at"])
          |> Enum.take(-state.keep)

        %{state | log: HistoryLog.compact(log, history), history: history}
    end
  end

  # ANCHOR_END: distribution_merge

  # ANCHOR: channels_room_fan_out
  # One encoding for every member, sent straight to each member's connection
  # as Phoenix's fastlane does: the channel is not on the way, so a broadcast
  # is one message per member, not two, and leaves no garbage in the channel.
  # Broadcasts carry no join_ref, and phoenix.js accepts them on any join of
  # the topic. The frame names the channel: the connection drops frames of a
  # channel it no longer has.
  defp fan_out(state, event, payload) do
    frame = IO.iodata_to_binary(Serializer.push(nil, state.topic, event, payload))

    for {channel, %{socket: socket}} <- state.members,
        do: send(socket, {:frame, channel, frame})

    :ok
  end

  # ANCHOR_END: channels_room_fan_out

  # -- presence ---------------------------------------------------------------

  defp local_presence(state) do
    Enum.reduce(state.members, %{}, fn {_pid, %{user: user, meta: meta}}, acc ->
      Map.update(acc, user, [meta], &[meta | &1])
    end)
  end

  defp presence_state(state) do
    state.remote
    |> Map.values()
    |> Enum.reduce(local_presence(state), fn entries, acc ->
      Map.merge(acc, entries, fn _user, a, b -> a ++ b end)
    end)
    |> Map.new(fn {user, metas} -> {user, %{"metas" => metas}} end)
  end

  # ANCHOR: distribution_adopt
  # A replica is adopted twice after a heal, once for its hello and once for
  # its welcome, so the members are told only what changed since what this
  # room knew of that node: a second adoption with the same presence is silent.
  defp adopt_replica(state, pid, peer_node, presence) do
    known = Map.get(state.remote, peer_node, %{})
    joins = presence_minus(presence, known)
    leaves = presence_minus(known, presence)

    if joins != %{} or leaves != %{},
      do: fan_out(state, "presence_diff", %{"joins" => joins, "leaves" => leaves})

    unless Map.has_key?(state.replicas, pid), do: Process.monitor(pid)

    %{
      state
      | remote: Map.put(state.remote, peer_node, presence),
        replicas: Map.put(state.replicas, pid, peer_node)
    }
  end

  # ANCHOR_END: distribution_adopt

  # ANCHOR: distribution_drop_node
  defp drop_node(state, peer_node) do
    case Map.pop(state.remote, peer_node) do
      {nil, _} ->
        state

      {entries, remote} ->
        leaves = Map.new(entries, fn {user, metas} -> {user, %{"metas" => metas}} end)

        if leaves != %{},
          do: fan_out(state, "presence_diff", %{"joins" => %{}, "leaves" => leaves})

        %{state | remote: remote}
    end
  end

  # ANCHOR_END: distribution_drop_node

  # The metas of `entries` (user => [meta]) whose phx_ref `other` lacks, in
  # the wire's shape (user => %{"metas" => [meta]}).
  defp presence_minus(entries, other) do
    for {user, metas} <- entries,
        refs = Enum.map(Map.get(other, user, []), & &1["phx_ref"]),
        missing = Enum.reject(metas, &(&1["phx_ref"] in refs)),
        missing != [],
        into: %{},
        do: {user, %{"metas" => missing}}
  end

  defp add_metas(entries, joins) do
    Enum.reduce(joins, entries, fn {user, %{"metas" => metas}}, acc ->
      Map.update(acc, user, metas, &(&1 ++ metas))
    end)
  end

  defp remove_metas(entries, leaves) do
    Enum.reduce(leaves, entries, fn {user, %{"metas" => metas}}, acc ->
      refs = Enum.map(metas, & &1["phx_ref"])

      case Enum.reject(Map.get(acc, user, []), &(&1["phx_ref"] in refs)) do
        [] -> Map.delete(acc, user)
        kept -> Map.put(acc, user, kept)
      end
    end)
  end

  # -- helpers ----------------------------------------------------------------

  # ANCHOR: channels_room_replicas
  # ANCHOR: distribution_tell
  defp peers(state), do: :pg.get_members(Chat.PG, {:room, state.name}) -- [self()]

  # The replicas that said hello as well as the :pg members: :pg spreads a
  # join on its own schedule, so a replica that has just said hello may not be
  # a member here yet.
  defp tell_replicas(state, message) do
    for peer <- Enum.uniq(Map.keys(state.replicas) ++ peers(state)), do: send(peer, message)
    :ok
  end

  # ANCHOR_END: channels_room_replicas
  # ANCHOR_END: distribution_tell

  @doc false
  # Called on a node that has just come up (or back, after a netsplit): the
  # room there, if it runs, learns of the caller's replica and answers with a
  # welcome, so presence and missed messages flow again.
  @spec hello_from(name(), pid(), node(), map()) :: :ok
  def hello_from(name, pid, peer_node, presence) do
    # The node may be up before its chat application is.
    with registry when is_pid(registry) <- Process.whereis(Chat.RoomRegistry),
         room when is_pid(room) <- whereis(name) do
      send(room, {:replica_hello, pid, peer_node, presence})
    end

    :ok
  end

  # ANCHOR: chat_room_forget_bucket
  # A user's bucket goes when their last session in the room does and it has
  # refilled, so the map does not keep every name that ever joined, and leaving
  # and joining again does not buy a fresh burst.
  defp forget_idle_bucket(state, user) do
    still_here? = Enum.any?(state.members, fn {_pid, member} -> member.user == user end)
    bucket = state.buckets[user]

    if still_here? or bucket == nil or
         not TokenBucket.full?(bucket, System.monotonic_time(:millisecond)) do
      state
    else
      %{state | buckets: Map.delete(state.buckets, user)}
    end
  end

  # ANCHOR_END: chat_room_forget_bucket

  # ANCHOR: chat_room_ids
  defp new_id do
    Base.url_encode64(:crypto.strong_rand_bytes(12), padding: false)
  end

  defp now_iso do
    DateTime.utc_now() |> DateTime.truncate(:millisecond) |> DateTime.to_iso8601()
  end

  # ANCHOR_END: chat_room_ids
end
