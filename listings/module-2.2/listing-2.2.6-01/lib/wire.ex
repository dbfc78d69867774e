defmodule Wire do
  @moduledoc """
  A WebSocket client written out by hand, to see every byte the chat and a
  Phoenix client exchange: the HTTP upgrade, a masked `phx_join`, its
  `phx_reply`, a heartbeat and the closing handshake.

  Everything that a real client randomises is fixed here so that the output
  is the same on every run: the `Sec-WebSocket-Key` is the example nonce of
  RFC 6455 section 1.3, the masking key is the one of its section 5.7, and
  the refs are "1" and "2". Pushes whose payload holds something random
  (presence carries a random `phx_ref`) are named but not printed.

  The program starts the chat application in this VM on a free port and a
  temporary data folder, and stops it at the end.
  """

  # ANCHOR: accept
  # RFC 6455, section 1.3: the server proves it read the key by hashing it with
  # this fixed GUID. A plain HTTP server, or a cache, could not produce it.
  @guid "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

  @doc "The `Sec-WebSocket-Accept` value a server must answer to `key`."
  @spec accept(String.t()) :: String.t()
  def accept(key), do: Base.encode64(:crypto.hash(:sha, key <> @guid))
  # ANCHOR_END: accept

  @key "dGhlIHNhbXBsZSBub25jZQ=="
  @mask <<0x37, 0xFA, 0x21, 0x3D>>
  @timeout 5_000

  @doc "Starts the chat, talks to it, prints the wire, stops the chat."
  @spec main() :: :ok
  def main do
    # The application controller logs the chat's stop at :notice; the output
    # is about the wire, so only warnings and errors get through.
    Logger.configure(level: :warning)
    {port, data_dir} = start_chat()

    try do
      {:ok, socket} = :gen_tcp.connect({127, 0, 0, 1}, port, [:binary, active: false], @timeout)

      conversation(socket)
    after
      :ok = Application.stop(:chat)
      File.rm_rf!(data_dir)
    end
  end

  @doc "Starts the chat application on a free loopback port; returns the port and its data folder."
  @spec start_chat() :: {:inet.port_number(), Path.t()}
  def start_chat do
    data_dir = Path.join(System.tmp_dir!(), "wire-#{System.unique_integer([:positive])}")
    # Mix has loaded the application (it is a dependency), so the settings
    # put now are the ones it starts with.
    _ = Application.load(:chat)
    Application.put_env(:chat, :port, 0)
    Application.put_env(:chat, :data_dir, data_dir)
    {:ok, _apps} = Application.ensure_all_started(:chat)
    {Chat.port(), data_dir}
  end

  defp conversation(socket) do
    # ANCHOR: upgrade
    request =
      "GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\n" <>
        "host: 127.0.0.1\r\n" <>
        "upgrade: websocket\r\n" <>
        "connection: Upgrade\r\n" <>
        "sec-websocket-version: 13\r\n" <>
        "sec-websocket-key: #{@key}\r\n\r\n"

    :ok = :gen_tcp.send(socket, request)
    {head, rest} = read_head(socket, <<>>)
    # ANCHOR_END: upgrade

    section("client -> server: the upgrade request")
    print_lines(request)
    section("server -> client: the answer")
    print_lines(head)
    IO.puts("expected accept: #{accept(@key)}")

    section("client -> server: phx_join, one masked text frame")
    join = ~s(["1","1","room:lobby","phx_join",{"user":"ada"}])
    send_frame(socket, 0x1, join)

    {reply, rest} = read_frame(socket, rest)
    section("server -> client: phx_reply, unmasked")
    dump_frame(reply)

    {rest, events} = read_pushes(socket, rest, ["presence_state"], [])
    section("server -> client: a push with random ids (payload not shown)")
    Enum.each(events, &IO.puts/1)

    section("client -> server: heartbeat")
    send_frame(socket, 0x1, ~s([null,"2","phoenix","heartbeat",{}]))
    {heartbeat, rest} = read_frame(socket, rest)
    section("server -> client: heartbeat reply")
    dump_frame(heartbeat)

    section("client -> server: close 1000")
    send_frame(socket, 0x8, <<1000::16>>)
    {close, _rest} = read_frame(socket, rest)
    section("server -> client: close")
    dump_frame(close)
    {:error, :closed} = :gen_tcp.recv(socket, 0, @timeout)
    IO.puts("then the server closed the TCP connection")
    :ok
  end

  # ANCHOR: send_frame
  # A client frame: FIN set, the opcode, the MASK bit, a 7-bit length (every
  # frame here is under 126 bytes), the key, and the payload XORed with the
  # key byte by byte, key byte i mod 4.
  defp send_frame(socket, opcode, payload) when byte_size(payload) < 126 do
    masked = mask(payload, @mask)
    frame = <<1::1, 0::3, opcode::4, 1::1, byte_size(payload)::7>> <> @mask <> masked
    dump_frame(frame)
    :ok = :gen_tcp.send(socket, frame)
  end

  @doc "XORs `data` with `key`, repeated: masking and unmasking are the same operation."
  @spec mask(binary(), <<_::32>>) :: binary()
  def mask(data, <<_::32>> = key) do
    keys = key |> :binary.bin_to_list() |> Stream.cycle()

    data
    |> :binary.bin_to_list()
    |> Enum.zip_with(keys, &Bitwise.bxor/2)
    |> :binary.list_to_bin()
  end

  # ANCHOR_END: send_frame

  defp read_head(socket, acc) do
    case :binary.split(acc, "\r\n\r\n") do
      [head, rest] ->
        {head <> "\r\n\r\n", rest}

      [_partial] ->
        {:ok, data} = :gen_tcp.recv(socket, 0, @timeout)
        read_head(socket, acc <> data)
    end
  end

  # One whole frame as it came off the wire, and what follows it. cow_ws says
  # where the header ends and how long the payload is.
  defp read_frame(socket, buffer) do
    case :cow_ws.parse_header(buffer, %{}, :undefined) do
      {_type, _frag, _rsv, len, _mask, rest} when byte_size(rest) >= len ->
        size = byte_size(buffer) - byte_size(rest) + len
        <<frame::binary-size(size), after_frame::binary>> = buffer
        {frame, after_frame}

      _more ->
        {:ok, data} = :gen_tcp.recv(socket, 0, @timeout)
        read_frame(socket, buffer <> data)
    end
  end

  defp read_pushes(_socket, buffer, [], seen), do: {buffer, Enum.reverse(seen)}

  defp read_pushes(socket, buffer, wanted, seen) do
    {frame, rest} = read_frame(socket, buffer)
    {_opcode, payload} = parse(frame)
    [_join_ref, _ref, topic, event, _payload] = :jiffy.decode(payload)
    read_pushes(socket, rest, wanted -- [event], ["#{topic} #{event}" | seen])
  end

  defp parse(<<_fin::1, _rsv::3, opcode::4, masked::1, len7::7, rest::binary>>) do
    {len, rest} =
      case len7 do
        126 ->
          <<len::16, rest::binary>> = rest
          {len, rest}

        127 ->
          <<len::64, rest::binary>> = rest
          {len, rest}

        len ->
          {len, rest}
      end

    case masked do
      1 ->
        <<key::binary-4, payload::binary-size(len)>> = rest
        {opcode, mask(payload, key)}

      0 ->
        <<payload::binary-size(len)>> = rest
        {opcode, payload}
    end
  end

  defp dump_frame(<<fin::1, rsv::3, opcode::4, masked::1, len7::7, _::binary>> = frame) do
    header = 2 + ext_bytes(len7)
    <<head::binary-size(header), key::binary-size(4 * masked), body::binary>> = frame
    {_opcode, payload} = parse(frame)

    IO.puts(
      "header  #{hex(head)}  FIN=#{fin} RSV=#{rsv} opcode=#{opcode} (#{name(opcode)}) " <>
        "MASK=#{masked} length=#{byte_size(payload)}"
    )

    if masked == 1, do: IO.puts("key     #{hex(key)}")

    body
    |> chunks(16)
    |> Enum.with_index()
    |> Enum.each(fn {chunk, i} ->
      IO.puts("#{if i == 0, do: "payload", else: "       "} #{hex(chunk)}")
    end)

    IO.puts("reads   #{readable(opcode, payload)}")
  end

  defp ext_bytes(126), do: 2
  defp ext_bytes(127), do: 8
  defp ext_bytes(_), do: 0

  defp name(0x1), do: "text"
  defp name(0x2), do: "binary"
  defp name(0x8), do: "close"
  defp name(0x9), do: "ping"
  defp name(0xA), do: "pong"

  defp readable(0x8, <<code::16, reason::binary>>), do: "code #{code}, reason #{inspect(reason)}"
  defp readable(0x8, <<>>), do: "no code"
  defp readable(_opcode, payload), do: payload

  defp chunks(<<chunk::binary-16, rest::binary>>, 16), do: [chunk | chunks(rest, 16)]
  defp chunks(<<>>, _), do: []
  defp chunks(last, _), do: [last]

  defp hex(bytes) do
    bytes
    |> :binary.bin_to_list()
    |> Enum.map_join(
      " ",
      &(&1 |> Integer.to_string(16) |> String.pad_leading(2, "0") |> String.downcase())
    )
  end

  defp section(title), do: IO.puts("\n-- #{title}")

  defp print_lines(text) do
    text |> String.split("\r\n") |> Enum.drop(-2) |> Enum.each(&IO.puts("  #{&1}\\r\\n"))
    IO.puts("  \\r\\n")
  end
end
