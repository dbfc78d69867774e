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
    * a socket that sends nothing for `:heartbeat_timeout` ms (phoenix.js
      sends a heartbeat every 30 s; Phoenix's timeout is 60 s) is closed.

  Everything the client can send wrongly ends this process at worst, never
  another: binary frames close with 1003 (this server speaks the JSON
  serializer only), text that is not UTF-8 with 1007, text that is not a
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
  phoenix.js to reconnect later.
  """

  use GenServer, restart: :temporary

  require Logger

  alias Chat.{Channel, HTTP, Serializer}

  @doc false
  def start_link(socket), do: GenServer.start_link(__MODULE__, socket)

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
       heartbeat_timeout: Keyword.fetch!(env, :heartbeat_timeout),
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

  def handle_info({:frame, iodata}, %{phase: :ws} = state) do
    send_text(state, iodata)
    {:noreply, state}
  end

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

  def handle_info({:EXIT, _pid, reason}, state), do: {:stop, reason, state}
  def handle_info(_other, state), do: {:noreply, state}

  @impl true
  def terminate(_reason, %{phase: :ws} = state), do: close_ws(state, 1001, "server shutting down")
  def terminate(_reason, %{phase: :http} = state), do: close_tcp(state)
  def terminate(_reason, _state), do: :ok

  # -- HTTP -------------------------------------------------------------------

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

  defp frame({:text, text}, rest, _frag, utf8, state) do
    if utf8 == 0 do
      continue(text_message(text, state), rest)
    else
      {:stop, close_ws(state, 1007, "invalid UTF-8")}
    end
  end

  # cow_ws names every fragment by its message's type, first or not.
  defp frame({:fragment, :nofin, :text, part}, rest, frag, utf8, state) do
    state = %{
      state
      | frag: frag,
        utf8: utf8,
        frag_acc: [state.frag_acc, part],
        frag_size: state.frag_size + byte_size(part)
    }

    ws_data(rest, state)
  end

  defp frame({:fragment, :fin, :text, part}, rest, _frag, utf8, state) do
    text = IO.iodata_to_binary([state.frag_acc, part])
    state = %{state | frag: :undefined, utf8: 0, frag_acc: [], frag_size: 0}
    frame({:text, text}, rest, :undefined, utf8, state)
  end

  defp frame({:fragment, _fin, _kind, _part}, _rest, _frag, _utf8, state) do
    {:stop, close_ws(state, 1003, "binary frames are not supported")}
  end

  defp frame({:binary, _}, _rest, _frag, _utf8, state) do
    {:stop, close_ws(state, 1003, "binary frames are not supported")}
  end

  defp frame(ping, rest, _frag, _utf8, state) when ping == :ping or elem(ping, 0) == :ping do
    payload = if ping == :ping, do: <<>>, else: elem(ping, 1)
    _ = :gen_tcp.send(state.socket, :cow_ws.frame({:pong, payload}, %{}))
    ws_data(rest, state)
  end

  defp frame(pong, rest, _frag, _utf8, state) when pong == :pong or elem(pong, 0) == :pong do
    ws_data(rest, state)
  end

  defp frame(close, _rest, _frag, _utf8, state)
       when close == :close or elem(close, 0) == :close do
    # Echo the close and hang up: the client started the closing handshake.
    {:stop, close_ws(state, 1000, "")}
  end

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
        send(pid, {:in, message})

      {{:ok, _stale_join}, _event} ->
        :ok

      {:error, "phx_leave"} ->
        reply(state, join_ref, message.ref, topic, :ok, %{})

      {:error, _event} ->
        reply(state, nil, message.ref, topic, :error, %{"reason" => "unmatched topic"})
    end

    state
  end

  defp join(%{topic: topic, join_ref: join_ref, ref: ref, payload: payload}, state) do
    cond do
      not channel_topic?(topic) ->
        Logger.debug("ignoring unmatched topic #{inspect(topic)}")
        reply(state, join_ref, ref, topic, :error, %{"reason" => "unmatched topic"})
        state

      map_size(state.channels) >= state.max_channels ->
        reply(state, join_ref, ref, topic, :error, %{"reason" => "too many channels joined"})
        state

      true ->
        {:ok, pid} = Channel.start(self(), topic, join_ref)

        case safe_join(pid, payload) do
          {:ok, response} ->
            monitor = Process.monitor(pid)
            reply(state, join_ref, ref, topic, :ok, response)

            %{
              state
              | channels: Map.put(state.channels, topic, {pid, monitor, join_ref}),
                topics: Map.put(state.topics, pid, topic)
            }

          {:error, response} ->
            reply(state, join_ref, ref, topic, :error, response)
            state
        end
    end
  end

  defp channel_topic?("room:" <> name), do: Chat.Room.valid_name?(name)
  defp channel_topic?(_topic), do: false

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

  # cow_ws measures the payload with byte_size/1, so it must be one binary.
  defp send_text(state, iodata) do
    frame = :cow_ws.frame({:text, IO.iodata_to_binary(iodata)}, %{})
    _ = :gen_tcp.send(state.socket, frame)
    :ok
  end

  defp close_ws(%{phase: :ws} = state, code, reason) do
    _ = :gen_tcp.send(state.socket, :cow_ws.frame({:close, code, reason}, %{}))
    close_tcp(state)
  end

  defp close_ws(state, _code, _reason), do: close_tcp(state)

  defp close_tcp(state) do
    _ = :gen_tcp.close(state.socket)
    %{state | phase: :closed}
  end
end
