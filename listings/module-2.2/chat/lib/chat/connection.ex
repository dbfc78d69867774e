defmodule Chat.Connection do
  @moduledoc """
  One process per TCP connection: it reads an HTTP request, answers it, and
  for `/socket/websocket?vsn=2.0.0` upgrades to WebSocket and becomes the
  Phoenix socket for that client.

  ## Limits, each a defence against one kind of client

    * the request head must arrive within `:head_timeout` ms and be at most
      `:max_head_bytes` long, so a client trickling bytes cannot hold a
      process and a buffer forever;
    * a WebSocket frame (or a fragmented message) over `:max_frame_bytes` is
      answered with close code 1009 before its payload is buffered;
    * a socket may join at most `:max_channels` topics, as Phoenix's
      `max_channels_per_transport` (default 100), answered with
      `"too many channels joined"`;
    * a socket may join `:join_rate_per_second` topics a second after a
      burst of `:join_burst` (a token bucket), answered with
      `"join rate limited"`, so a client cannot churn through room names;
    * a channel holds at most `:max_in_flight` of the client's messages
      not yet handled; one more is answered with `"overloaded"`;
    * a socket that sends nothing for `:heartbeat_timeout` ms (phoenix.js
      sends a heartbeat every 30 s; Phoenix's timeout is 60 s) is closed.

  Everything the client can send wrongly ends this process at worst, never
  another: a V2 binary push gets the error reply `"binary payloads not
  supported"` (this server speaks the JSON serializer only) and other binary
  data closes with 1003, text that is not UTF-8 with 1007, text that is not a
  `[join_ref, ref, topic, event, payload]` array with 1008, and unmasked or
  malformed frames with 1002.

  ## The socket semantics are Phoenix's

  A heartbeat (topic `"phoenix"`) gets an empty ok reply. A join of a topic
  that no channel serves gets `{"reason": "unmatched topic"}`; so does any
  other message for a topic not joined, and a `phx_leave` for one gets an ok
  reply. A second join of a joined topic stops the old channel, answers the
  new join, and then sends `phx_close` for the old join ref. Messages that
  carry a stale join ref are ignored. A channel that stops cleanly becomes
  `phx_close`, one that dies becomes `phx_error` with
  `{"reason": "channel_crash"}`, both with the channel's join ref.

  When the application stops (as on SIGTERM, which OTP 25 turns into
  `init:stop/0`), the supervisor shuts this process down; it traps exits so
  that `terminate/2` can send close code 1001, "going away", which tells
  phoenix.js to reconnect later. A crash of this process sends 1011,
  "internal error", instead.
  """

  use GenServer, restart: :temporary

  require Logger

  alias Chat.{Channel, HTTP, Serializer}

  @frames_per_write 64

  @doc false
  # Hibernates when idle, as a channel does (see `Chat.Channel.start_link/1`):
  # after a burst of frames, what was read and written is garbage until then.
  def start_link(socket) do
    GenServer.start_link(__MODULE__, socket,
      hibernate_after: Application.fetch_env!(:chat, :hibernate_after)
    )
  end

  @impl true
  def init(socket) do
    Process.flag(:trap_exit, true)
    env = Application.get_all_env(:chat)
    head_timer = Process.send_after(self(), :head_timeout, Keyword.fetch!(env, :head_timeout))

    {:ok,
     %{
       socket: socket,
       phase: :http,
       buffer: <<>>,
       head_timer: head_timer,
       max_head: Keyword.fetch!(env, :max_head_bytes),
       max_frame: Keyword.fetch!(env, :max_frame_bytes),
       max_channels: Keyword.fetch!(env, :max_channels),
       max_in_flight: Keyword.fetch!(env, :max_in_flight),
       heartbeat_timeout: Keyword.fetch!(env, :heartbeat_timeout),
       joins:
         Chat.TokenBucket.new(
           Keyword.fetch!(env, :join_rate_per_second),
           Keyword.fetch!(env, :join_burst),
           System.monotonic_time(:millisecond)
         ),
       seen: 0,
       frag: :undefined,
       frag_acc: [],
       frag_size: 0,
       utf8: 0,
       # topic => {pid, monitor, join_ref}
       channels: %{},
       # channel pid => topic
       topics: %{}
     }}
  end

  @impl true
  def handle_info(:socket_ready, state) do
    :ok = :inet.setopts(state.socket, active: :once)
    {:noreply, state}
  end

  def handle_info({:tcp, socket, data}, %{socket: socket} = state) do
    buffer = state.buffer <> data

    result =
      case state.phase do
        :http -> http_data(buffer, state)
        :ws -> ws_data(buffer, %{state | seen: state.seen + 1})
      end

    case result do
      {:ok, state} ->
        :ok = :inet.setopts(socket, active: :once)
        {:noreply, state}

      {:stop, state} ->
        {:stop, :normal, state}
    end
  end

  def handle_info({:tcp_closed, _socket}, state), do: {:stop, :normal, %{state | phase: :closed}}

  def handle_info({:tcp_error, _socket, _}, state),
    do: {:stop, :normal, %{state | phase: :closed}}

  def handle_info(:head_timeout, %{phase: :http} = state) do
    {:stop, :normal, close_tcp(state)}
  end

  def handle_info(:head_timeout, state), do: {:noreply, state}

  def handle_info({:idle_check, seen}, %{seen: seen} = state) do
    {:stop, :normal, close_ws(state, 1001, "heartbeat timeout")}
  end

  def handle_info({:idle_check, _}, state) do
    Process.send_after(self(), {:idle_check, state.seen}, state.heartbeat_timeout)
    {:noreply, state}
  end

  # Only the channels this socket joined may write to it: a frame from any
  # other process (a channel whose join the socket gave up on, a stray
  # message) is dropped.
  #
  # Frames waiting in the mailbox go out with this one in one write: in a
  # burst (a thousand joins, each a presence_diff to every member) that is
  # one system call for many frames instead of one each.
  def handle_info({:frame, pid, iodata}, %{phase: :ws} = state)
      when is_map_key(state.topics, pid) do
    frames = [ws_text(iodata) | more_frames(state.topics, @frames_per_write - 1)]
    _ = :gen_tcp.send(state.socket, frames)
    {:noreply, state}
  end

  # ANCHOR: channels_down
  def handle_info({:channel_close, pid}, state) do
    case Map.fetch(state.topics, pid) do
      {:ok, topic} ->
        {_pid, monitor, join_ref} = state.channels[topic]
        Process.demonitor(monitor, [:flush])
        state = forget(state, pid, topic)
        push(state, join_ref, join_ref, topic, "phx_close", %{})
        {:noreply, state}

      :error ->
        {:noreply, state}
    end
  end

  def handle_info({:DOWN, _ref, :process, pid, _reason}, state) do
    case Map.fetch(state.topics, pid) do
      {:ok, topic} ->
        {_pid, _monitor, join_ref} = state.channels[topic]
        state = forget(state, pid, topic)
        push(state, join_ref, join_ref, topic, "phx_error", %{"reason" => "channel_crash"})
        {:noreply, state}

      :error ->
        {:noreply, state}
    end
  end

  # ANCHOR_END: channels_down

  def handle_info({:EXIT, _pid, reason}, state), do: {:stop, reason, state}
  def handle_info(_other, state), do: {:noreply, state}

  # ANCHOR: chat_terminate
  @impl true
  def terminate(reason, %{phase: :ws} = state) do
    case reason do
      clean when clean in [:normal, :shutdown] or elem(clean, 0) == :shutdown ->
        close_ws(state, 1001, "server shutting down")

      _crash ->
        close_ws(state, 1011, "internal error")
    end
  end

  def terminate(_reason, %{phase: :http} = state), do: close_tcp(state)
  def terminate(_reason, _state), do: :ok
  # ANCHOR_END: chat_terminate

  # -- HTTP -------------------------------------------------------------------

  # ANCHOR: websockets_head
  defp http_data(buffer, state) do
    case :binary.match(buffer, "\r\n\r\n") do
      {at, 4} when at + 4 <= state.max_head ->
        <<head::binary-size(at + 4), rest::binary>> = buffer
        Process.cancel_timer(state.head_timer)
        route(HTTP.parse_head(head), rest, state)

      {_at, 4} ->
        respond(state, 431, "request head too large\n")

      :nomatch when byte_size(buffer) > state.max_head ->
        respond(state, 431, "request head too large\n")

      :nomatch ->
        {:ok, %{state | buffer: buffer}}
    end
  end

  # ANCHOR_END: websockets_head

  # ANCHOR: chat_page_routes
  defp route({:ok, %{method: "GET", path: "/"}}, _rest, state) do
    case File.read(Application.app_dir(:chat, "priv/static/index.html")) do
      {:ok, page} -> respond(state, 200, page, "text/html; charset=utf-8")
      {:error, _} -> respond(state, 404, "no page\n")
    end
  end

  defp route({:ok, %{method: "GET", path: "/assets/phoenix.js"}}, _rest, state) do
    case File.read(Chat.phoenix_js_path()) do
      {:ok, js} -> respond(state, 200, js, "text/javascript; charset=utf-8")
      {:error, _} -> respond(state, 404, "the Phoenix client is not installed: run npm ci\n")
    end
  end

  # ANCHOR_END: chat_page_routes

  # ANCHOR: websockets_upgrade
  defp route({:ok, %{method: "GET", path: "/socket/websocket"} = request}, rest, state) do
    headers = request.headers
    key = headers["sec-websocket-key"]

    cond do
      URI.decode_query(request.query)["vsn"] != "2.0.0" ->
        respond(state, 400, "only vsn=2.0.0 (the V2 JSON serializer) is served\n")

      not token?(headers["upgrade"], "websocket") or not token?(headers["connection"], "upgrade") ->
        respond(state, 400, "expected a WebSocket upgrade\n")

      headers["sec-websocket-version"] != "13" ->
        respond(state, 400, "unsupported Sec-WebSocket-Version\n")

      not valid_key?(key) ->
        respond(state, 400, "missing or invalid Sec-WebSocket-Key\n")

      true ->
        accept = :cow_ws.encode_key(key)

        :ok =
          :gen_tcp.send(state.socket, [
            "HTTP/1.1 101 Switching Protocols\r\n",
            "upgrade: websocket\r\nconnection: Upgrade\r\n",
            "sec-websocket-accept: ",
            accept,
            "\r\n\r\n"
          ])

        Process.send_after(self(), {:idle_check, 0}, state.heartbeat_timeout)
        ws_data(rest, %{state | phase: :ws, buffer: <<>>})
    end
  end

  # ANCHOR_END: websockets_upgrade

  defp route({:ok, %{method: "GET"}}, _rest, state), do: respond(state, 404, "not found\n")
  defp route({:ok, _other_method}, _rest, state), do: respond(state, 405, "only GET\n")
  defp route({:error, :bad_request}, _rest, state), do: respond(state, 400, "bad request\n")

  defp token?(nil, _token), do: false

  defp token?(value, token) do
    value |> String.downcase() |> String.split(",") |> Enum.any?(&(String.trim(&1) == token))
  end

  defp valid_key?(key) when is_binary(key) do
    match?({:ok, <<_::binary-size(16)>>}, Base.decode64(key))
  end

  defp valid_key?(_), do: false

  defp respond(state, status, body, type \\ "text/plain; charset=utf-8") do
    _ = :gen_tcp.send(state.socket, HTTP.response(status, type, body))
    {:stop, close_tcp(state)}
  end

  # -- WebSocket frames --------------------------------------------------------

  # ANCHOR: websockets_frames
  defp ws_data(buffer, state) do
    case :cow_ws.parse_header(buffer, %{}, state.frag) do
      :more ->
        {:ok, %{state | buffer: buffer}}

      :error ->
        {:stop, close_ws(state, 1002, "protocol error")}

      {_type, _frag, _rsv, _len, :undefined, _rest} ->
        {:stop, close_ws(state, 1002, "client frames must be masked")}

      {_type, _frag, _rsv, len, _mask, _rest} when len + state.frag_size > state.max_frame ->
        {:stop, close_ws(state, 1009, "message too big")}

      {_type, _frag, _rsv, len, _mask, rest} when byte_size(rest) < len ->
        {:ok, %{state | buffer: buffer}}

      {type, frag, rsv, len, mask, rest} ->
        utf8 = if type == :fragment, do: state.utf8, else: 0

        case :cow_ws.parse_payload(rest, mask, utf8, 0, type, len, frag, %{}, rsv) do
          {:ok, payload, utf8, rest} ->
            frame(:cow_ws.make_frame(type, payload, :undefined, frag), rest, frag, utf8, state)

          {:ok, code, payload, utf8, rest} ->
            frame(:cow_ws.make_frame(type, payload, code, frag), rest, frag, utf8, state)

          {:error, :badencoding} ->
            {:stop, close_ws(state, 1007, "invalid UTF-8")}

          {:error, _} ->
            {:stop, close_ws(state, 1002, "protocol error")}
        end
    end
  end

  # ANCHOR_END: websockets_frames

  defp frame({:text, text}, rest, _frag, utf8, state) do
    if utf8 == 0 do
      continue(text_message(text, state), rest)
    else
      {:stop, close_ws(state, 1007, "invalid UTF-8")}
    end
  end

  # A V2 binary push gets an error reply to its ref and the socket goes on:
  # phoenix.js reconnects after a close it did not ask for, so closing would
  # make a client loop. Bytes that are not a binary push still close the socket.
  defp frame({:binary, data}, rest, _frag, _utf8, state) do
    case Serializer.decode_binary_header(data) do
      {:ok, push} ->
        join_ref = if push.join_ref == "", do: nil, else: push.join_ref
        reason = %{"reason" => "binary payloads not supported"}
        reply(state, join_ref, push.ref, push.topic, :error, reason)
        ws_data(rest, state)

      {:error, _} ->
        {:stop, close_ws(state, 1003, "expected a V2 binary push")}
    end
  end

  # cow_ws names every fragment by its message's type, first or not.
  defp frame({:fragment, :nofin, kind, part}, rest, frag, utf8, state)
       when kind in [:text, :binary] do
    state = %{
      state
      | frag: frag,
        utf8: utf8,
        frag_acc: [state.frag_acc, part],
        frag_size: state.frag_size + byte_size(part)
    }

    ws_data(rest, state)
  end

  defp frame({:fragment, :fin, kind, part}, rest, _frag, utf8, state)
       when kind in [:text, :binary] do
    data = IO.iodata_to_binary([state.frag_acc, part])
    state = %{state | frag: :undefined, utf8: 0, frag_acc: [], frag_size: 0}
    frame({kind, data}, rest, :undefined, utf8, state)
  end

  # ANCHOR: websockets_control
  defp frame(ping, rest, _frag, _utf8, state) when ping == :ping or elem(ping, 0) == :ping do
    payload = if ping == :ping, do: <<>>, else: elem(ping, 1)
    _ = :gen_tcp.send(state.socket, :cow_ws.frame({:pong, payload}, %{}))
    ws_data(rest, state)
  end

  defp frame(pong, rest, _frag, _utf8, state) when pong == :pong or elem(pong, 0) == :pong do
    ws_data(rest, state)
  end

  # The client started the closing handshake: echo its code (RFC 6455 5.5.1;
  # cow_ws has checked it is one a peer may send) and hang up.
  defp frame({:close, code, _reason}, _rest, _frag, _utf8, state) do
    {:stop, close_ws(state, code, "")}
  end

  defp frame(:close, _rest, _frag, _utf8, state), do: {:stop, close_ws(state, 1000, "")}
  # ANCHOR_END: websockets_control

  defp continue({:ok, state}, rest), do: ws_data(rest, state)
  defp continue({:stop, state}, _rest), do: {:stop, state}

  defp text_message(text, state) do
    case Serializer.decode(text) do
      {:ok, message} ->
        {:ok, handle_in(message, state)}

      {:error, _} ->
        {:stop, close_ws(state, 1008, "expected [join_ref, ref, topic, event, payload]")}
    end
  end

  # -- Phoenix socket semantics ------------------------------------------------

  # ANCHOR: websockets_socket
  # ANCHOR: channels_route
  defp handle_in(%{topic: "phoenix", event: "heartbeat", ref: ref}, state) do
    reply(state, nil, ref, "phoenix", :ok, %{})
    state
  end

  defp handle_in(%{topic: topic, event: "phx_join"} = message, state) do
    case Map.fetch(state.channels, topic) do
      :error ->
        join(message, state)

      {:ok, {old, monitor, old_join_ref}} ->
        stop_duplicate(old, monitor)
        state = join(message, forget(state, old, topic))
        push(state, old_join_ref, old_join_ref, topic, "phx_close", %{})
        state
    end
  end

  defp handle_in(%{topic: topic, join_ref: join_ref} = message, state) do
    case {Map.fetch(state.channels, topic), message.event} do
      {{:ok, {pid, _monitor, current}}, _event} when join_ref == nil or join_ref == current ->
        forward(state, pid, message)

      {{:ok, _stale_join}, _event} ->
        :ok

      {:error, "phx_leave"} ->
        reply(state, join_ref, message.ref, topic, :ok, %{})

      {:error, _event} ->
        reply(state, nil, message.ref, topic, :error, %{"reason" => "unmatched topic"})
    end

    state
  end

  # ANCHOR_END: websockets_socket
  # ANCHOR_END: channels_route

  # ANCHOR: chat_socket_limits
  # A join refused for the channel limit costs no token; any other join does,
  # matched or not, so the limit is on what the client asks for.
  # The socket reads as fast as the client writes, while the channel spends a
  # synchronous, fsynced post on each new_msg: without a bound, its mailbox
  # would grow with whatever the client sends.
  defp forward(state, pid, message) do
    case Process.info(pid, :message_queue_len) do
      {:message_queue_len, queued} when queued >= state.max_in_flight ->
        reply(state, message.join_ref, message.ref, message.topic, :error, %{
          "reason" => "overloaded"
        })

      _alive_or_just_gone ->
        send(pid, {:in, message})
    end
  end

  defp join(%{topic: topic, join_ref: join_ref, ref: ref} = message, state) do
    if map_size(state.channels) >= state.max_channels do
      reply(state, join_ref, ref, topic, :error, %{"reason" => "too many channels joined"})
      state
    else
      case Chat.TokenBucket.take(state.joins, System.monotonic_time(:millisecond)) do
        {:ok, joins} ->
          start_channel(message, %{state | joins: joins})

        {:error, :empty, joins} ->
          reply(state, join_ref, ref, topic, :error, %{"reason" => "join rate limited"})
          %{state | joins: joins}
      end
    end
  end

  # ANCHOR_END: chat_socket_limits

  # ANCHOR: channels_start
  defp start_channel(%{topic: topic, ref: ref, payload: payload} = message, state) do
    # A client that sends no join ref gets the join's own ref as one, so its
    # channel's pushes and close still name the join.
    join_ref = message.join_ref || ref

    cond do
      not channel_topic?(topic) ->
        Logger.debug("ignoring unmatched topic #{inspect(topic)}")
        # As Phoenix's encode_ignore: the join never made a channel, so the
        # reply names no join.
        reply(state, nil, ref, topic, :error, %{"reason" => "unmatched topic"})
        state

      true ->
        {:ok, pid} = Channel.start(self(), topic, join_ref)
        # Monitored before the join, so a channel that dies at any point after
        # it started is seen (Phoenix's Channel.Server.join/4 monitors just
        # after sending the join, which is as safe: monitoring a process that
        # has already died delivers :DOWN at once).
        monitor = Process.monitor(pid)

        case safe_join(pid, payload) do
          {:ok, response} ->
            reply(state, join_ref, ref, topic, :ok, response)

            %{
              state
              | channels: Map.put(state.channels, topic, {pid, monitor, join_ref}),
                topics: Map.put(state.topics, pid, topic)
            }

          {:error, response} ->
            Process.demonitor(monitor, [:flush])
            reply(state, join_ref, ref, topic, :error, response)
            state
        end
    end
  end

  defp channel_topic?("room:" <> name), do: Chat.Room.valid_name?(name)
  defp channel_topic?(_topic), do: false
  # ANCHOR_END: channels_start

  defp safe_join(pid, payload) do
    Channel.join(pid, payload)
  catch
    :exit, _ -> {:error, %{"reason" => "join crashed"}}
  end

  defp stop_duplicate(pid, monitor) do
    Process.demonitor(monitor, [:flush])
    ref = Process.monitor(pid)
    Process.exit(pid, {:shutdown, :duplicate_join})

    receive do
      {:DOWN, ^ref, _, _, _} -> :ok
    after
      5_000 ->
        Process.exit(pid, :kill)

        receive do
          {:DOWN, ^ref, _, _, _} -> :ok
        end
    end
  end

  defp forget(state, pid, topic) do
    %{state | channels: Map.delete(state.channels, topic), topics: Map.delete(state.topics, pid)}
  end

  defp reply(state, join_ref, ref, topic, status, response) do
    send_text(state, Serializer.reply(join_ref, ref, topic, status, response))
  end

  defp push(state, join_ref, ref, topic, event, payload) do
    send_text(state, Serializer.encode([join_ref, ref, topic, event, payload]))
  end

  defp send_text(state, iodata) do
    _ = :gen_tcp.send(state.socket, ws_text(iodata))
    :ok
  end

  # cow_ws measures the payload with byte_size/1, so it must be one binary.
  defp ws_text(iodata), do: :cow_ws.frame({:text, IO.iodata_to_binary(iodata)}, %{})

  defp more_frames(_topics, 0), do: []

  defp more_frames(topics, left) do
    receive do
      {:frame, pid, iodata} when is_map_key(topics, pid) ->
        [ws_text(iodata) | more_frames(topics, left - 1)]
    after
      0 -> []
    end
  end

  # ANCHOR: websockets_close
  defp close_ws(%{phase: :ws} = state, code, reason) do
    _ = :gen_tcp.send(state.socket, :cow_ws.frame({:close, code, reason}, %{}))
    close_tcp(state)
  end

  defp close_ws(state, _code, _reason), do: close_tcp(state)
  # ANCHOR_END: websockets_close

  defp close_tcp(state) do
    _ = :gen_tcp.close(state.socket)
    %{state | phase: :closed}
  end
end
