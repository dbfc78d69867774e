defmodule Chat.Channel do
  @moduledoc """
  The process behind one joined topic of one socket, as in Phoenix: the socket
  process routes the client's messages for `room:<name>` here, and this
  process talks to the room.

  It is started under `Chat.ChannelSupervisor` (`:temporary`: a channel is
  never restarted behind the client's back; the client rejoins) and then
  joined with `join/2`, which validates the user name and joins the room. It
  monitors its socket and stops when the socket goes, and it stops with the
  room (with an error, so the client sees `phx_error` and rejoins a fresh
  room). A clean stop, such as `phx_leave`, tells the socket first with
  `{:channel_close, pid}`, which becomes `phx_close` for the client; any other
  exit reaches the socket as a `:DOWN` and becomes `phx_error`.
  """

  use GenServer, restart: :temporary

  alias Chat.{Room, Serializer}

  @user ~r/\A[A-Za-z0-9_-]{1,32}\z/

  @doc "Starts a channel for `topic` of the socket process `socket`."
  @spec start(pid(), String.t(), term()) :: DynamicSupervisor.on_start_child()
  def start(socket, topic, join_ref) do
    DynamicSupervisor.start_child(
      Chat.ChannelSupervisor,
      {__MODULE__, {socket, topic, join_ref}}
    )
  end

  @doc false
  # Idle for `:hibernate_after` ms, the process hibernates: a full garbage
  # collection, and its heap shrunk to what is live, as Phoenix's channels do.
  def start_link(args) do
    GenServer.start_link(__MODULE__, args,
      hibernate_after: Application.fetch_env!(:chat, :hibernate_after)
    )
  end

  @doc """
  Joins the room with the client's join payload. On an error the channel has
  stopped (quietly: the socket is not told, since the client got the reply).

  There is no timeout here, as in Phoenix's `Channel.Server.join/4`: the call
  returns when the channel has answered or died (the call monitors it). A
  timeout would let the socket give up on a channel that then joins the room
  anyway, a member no socket knows. The channel's own call to the room has
  the default 5 s timeout, so a stuck room ends the join with a crash.
  """
  @spec join(pid(), map()) :: {:ok, map()} | {:error, map()}
  def join(channel, payload), do: GenServer.call(channel, {:join, payload}, :infinity)

  @impl true
  def init({socket, topic, join_ref}) do
    Process.monitor(socket)
    {:ok, %{socket: socket, topic: topic, join_ref: join_ref, room: nil, user: nil}}
  end

  # ANCHOR: channels_channel_join
  @impl true
  def handle_call({:join, payload}, _from, state) do
    "room:" <> name = state.topic

    with {:user, user} when is_binary(user) <- {:user, payload["user"]},
         {:user, true} <- {:user, user =~ @user},
         {:ok, room, history, presence} <- join_room(name, user, state.socket, 3) do
      state = %{state | room: room, user: user}
      {:reply, {:ok, %{"history" => history}}, state, {:continue, {:presence_state, presence}}}
    else
      {:user, _} ->
        {:stop, :normal, {:error, %{"reason" => "invalid user"}}, state}

      {:error, :too_many_rooms} ->
        {:stop, :normal, {:error, %{"reason" => "too many rooms"}}, state}
    end
  end

  # ANCHOR_END: channels_channel_join

  # An idle room may stop between being looked up and being joined; then the
  # next lookup starts a fresh one.
  defp join_room(name, user, socket, tries) do
    with {:ok, room} <- Room.whereis_or_start(name) do
      join_started_room(room, name, user, socket, tries)
    end
  end

  defp join_started_room(room, name, user, socket, tries) do
    monitor = Process.monitor(room)

    try do
      {:ok, history, presence} = Room.join(room, self(), socket, user)
      {:ok, room, history, presence}
    catch
      # Only a room that stopped is worth a retry; a room that does not answer
      # in time ends the join (a retry would keep the client waiting 15 s).
      :exit, {reason, _} when tries > 1 and reason in [:noproc, :normal, :shutdown] ->
        Process.demonitor(monitor, [:flush])
        join_room(name, user, socket, tries - 1)
    end
  end

  @impl true
  # The presence state of a busy room is the largest thing a channel ever
  # holds, and it is garbage once pushed; but it would stay in the heap, since
  # a channel that hears only from its own client rarely collects it.
  # Hibernating now collects it at once and shrinks the heap; the next
  # message wakes the channel.
  def handle_continue({:presence_state, presence}, state) do
    push(state, "presence_state", presence)
    {:noreply, state, :hibernate}
  end

  @impl true
  # ANCHOR: channels_channel_in
  def handle_info({:in, %{event: "new_msg", ref: ref, payload: payload}}, state) do
    case Room.post(state.room, state.user, payload["body"]) do
      {:ok, message} -> reply(state, ref, :ok, %{"id" => message["id"]})
      {:error, reason} -> reply(state, ref, :error, %{"reason" => reason})
    end

    {:noreply, state}
  end

  def handle_info({:in, %{event: "phx_leave", ref: ref}}, state) do
    reply(state, ref, :ok, %{})
    send(state.socket, {:channel_close, self()})
    {:stop, :normal, state}
  end

  def handle_info({:in, %{event: event, ref: ref}}, state) do
    reply(state, ref, :error, %{"reason" => "unknown event " <> event})
    {:noreply, state}
  end

  def handle_info({:DOWN, _ref, :process, pid, reason}, %{socket: pid} = state) do
    {:stop, {:shutdown, {:socket_down, reason}}, state}
  end

  def handle_info({:DOWN, _ref, :process, pid, _reason}, %{room: pid} = state) do
    # A :shutdown reason: the socket still sees phx_error, and the logger is
    # not handed one crash report per member of the room.
    {:stop, {:shutdown, :room_down}, state}
  end

  # ANCHOR_END: channels_channel_in

  def handle_info(_unexpected, state), do: {:noreply, state}

  defp push(state, event, payload) do
    frame = Serializer.push(state.join_ref, state.topic, event, payload)
    send(state.socket, {:frame, self(), frame})
  end

  defp reply(state, ref, status, response) do
    frame = Serializer.reply(state.join_ref, ref, state.topic, status, response)
    send(state.socket, {:frame, self(), frame})
  end
end
