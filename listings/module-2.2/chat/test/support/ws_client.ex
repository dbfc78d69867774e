defmodule Chat.WSClient do
  @moduledoc """
  A small WebSocket client for the tests, over `:gen_tcp` and `:cow_ws`.

  It does the opening handshake, then relays every frame the server sends to
  the process that started it, as `{:ws, client, frame}` where `frame` is
  `{:json, term}` for text (decoded), `{:close, code}`, `{:pong, payload}`
  or `{:binary, data}`; a closed TCP connection arrives as
  `{:ws_closed, client}`. Tests wait on those with `assert_receive`.
  """

  use GenServer

  @doc "Connects to `path` on the endpoint; `{:error, {status, body}}` if refused."
  @spec connect(:inet.port_number(), String.t(), [{String.t(), String.t()}]) ::
          {:ok, pid()} | {:error, term()}
  def connect(port, path \\ "/socket/websocket?vsn=2.0.0", headers \\ default_headers()) do
    GenServer.start_link(__MODULE__, {self(), port, path, headers})
  end

  @doc "The headers of a valid upgrade request."
  @spec default_headers() :: [{String.t(), String.t()}]
  def default_headers do
    [
      {"host", "127.0.0.1"},
      {"upgrade", "websocket"},
      {"connection", "Upgrade"},
      {"sec-websocket-version", "13"},
      {"sec-websocket-key", :cow_ws.key()}
    ]
  end

  @doc "Sends `term` as a JSON text frame."
  @spec push(pid(), term()) :: :ok
  def push(client, term),
    do: frame(client, {:text, IO.iodata_to_binary(:jiffy.encode(term, [:use_nil]))})

  @doc "Sends one masked frame (`{:text, binary}`, `{:binary, binary}`, `:ping`, ...)."
  @spec frame(pid(), :cow_ws.frame()) :: :ok
  def frame(client, frame), do: GenServer.call(client, {:send, :cow_ws.masked_frame(frame, %{})})

  @doc "Sends raw bytes."
  @spec raw(pid(), iodata()) :: :ok
  def raw(client, bytes), do: GenServer.call(client, {:send, bytes})

  @doc "Closes the TCP connection without a closing handshake."
  @spec drop(pid()) :: :ok
  def drop(client), do: GenServer.stop(client)

  @impl true
  def init({owner, port, path, headers}) do
    {:ok, socket} = :gen_tcp.connect({127, 0, 0, 1}, port, [:binary, active: false])

    request = [
      "GET #{path} HTTP/1.1\r\n",
      Enum.map(headers, fn {name, value} -> [name, ": ", value, "\r\n"] end),
      "\r\n"
    ]

    :ok = :gen_tcp.send(socket, request)

    case read_head(socket, <<>>) do
      {:ok, "HTTP/1.1 101" <> _, rest} ->
        :ok = :inet.setopts(socket, active: :once)
        state = %{owner: owner, socket: socket, buffer: <<>>, frag: :undefined}
        {:ok, parse(rest, state)}

      {:ok, status_line_and_more, body} ->
        {:stop, {:refused, status_line_and_more, body}}
    end
  end

  defp read_head(socket, acc) do
    {:ok, data} = :gen_tcp.recv(socket, 0, 5_000)
    acc = acc <> data

    case :binary.split(acc, "\r\n\r\n") do
      [head, rest] -> {:ok, head, rest}
      [_] -> read_head(socket, acc)
    end
  end

  @impl true
  def handle_call({:send, bytes}, _from, state) do
    {:reply, :gen_tcp.send(state.socket, bytes), state}
  end

  @impl true
  def handle_info({:tcp, _socket, data}, state) do
    state = parse(state.buffer <> data, state)
    :ok = :inet.setopts(state.socket, active: :once)
    {:noreply, state}
  end

  def handle_info({:tcp_closed, _socket}, state) do
    send(state.owner, {:ws_closed, self()})
    {:stop, :normal, state}
  end

  defp parse(data, state) do
    with {type, frag, rsv, len, mask, rest} when byte_size(rest) >= len <-
           :cow_ws.parse_header(data, %{}, state.frag),
         {:ok, code, payload, _utf8, rest} <-
           payload(rest, mask, type, len, frag, rsv) do
      relay(:cow_ws.make_frame(type, payload, code, frag), state)
      parse(rest, %{state | frag: :undefined})
    else
      _more -> %{state | buffer: data}
    end
  end

  defp payload(data, mask, type, len, frag, rsv) do
    case :cow_ws.parse_payload(data, mask, 0, 0, type, len, frag, %{}, rsv) do
      {:ok, payload, utf8, rest} -> {:ok, :undefined, payload, utf8, rest}
      other -> other
    end
  end

  # ANCHOR: testing_relay
  defp relay({:text, text}, state) do
    send(
      state.owner,
      {:ws, self(), {:json, :jiffy.decode(text, [:return_maps, {:null_term, nil}])}}
    )
  end

  defp relay({:close, code, _reason}, state), do: send(state.owner, {:ws, self(), {:close, code}})
  defp relay(:close, state), do: send(state.owner, {:ws, self(), {:close, nil}})
  defp relay({:pong, payload}, state), do: send(state.owner, {:ws, self(), {:pong, payload}})
  defp relay(:pong, state), do: send(state.owner, {:ws, self(), {:pong, <<>>}})
  defp relay({:binary, data}, state), do: send(state.owner, {:ws, self(), {:binary, data}})
  # ANCHOR_END: testing_relay
end
