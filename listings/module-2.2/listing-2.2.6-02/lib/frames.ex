defmodule Frames do
  @moduledoc """
  One WebSocket frame (RFC 6455, section 5) decoded from bytes or encoded to
  bytes, written from the RFC to see what a library such as cowlib's `cow_ws`
  does for the chat.

  Frames are the terms `cow_ws` uses, so that the two can be compared term
  for term (see the property tests): `{:text, data}`, `{:binary, data}`,
  `:close` or `{:close, code, reason}`, `:ping`/`{:ping, data}`,
  `:pong`/`{:pong, data}`, and `{:fragment, :nofin | :fin, :text | :binary,
  data}` for the pieces of a fragmented message.

  The decoder is stateless but for one thing the caller tells it: the type
  of the fragmented message in progress, if any, since a continuation frame
  is legal only inside one and a new text or binary frame only outside. It
  decides as soon as the bytes allow (a reserved opcode is refused on the
  first byte) and otherwise answers `:more` until the whole frame is there.
  Extensions (RSV bits) are not negotiated, so any RSV bit is an error.
  """

  @type frame ::
          {:text, binary()}
          | {:binary, binary()}
          | :close
          | {:close, close_code(), binary()}
          | :ping
          | {:ping, binary()}
          | :pong
          | {:pong, binary()}
          | {:fragment, :nofin | :fin, :text | :binary, binary()}
  @type close_code :: 1000..1003 | 1007..1011 | 3000..4999
  @type message :: nil | :text | :binary
  @type reason ::
          :reserved_bits
          | :reserved_opcode
          | :fragmented_control
          | :unexpected_continuation
          | :interleaved_message
          | :bad_close_length
          | :length_too_large
          | :control_too_long
          | :non_minimal_length
          | :bad_close_code
          | :invalid_utf8

  # ANCHOR: decode
  @doc """
  Decodes the frame at the start of `data`, given the type of the fragmented
  message in progress (`nil` when none). Returns the frame and the bytes
  after it, `:more` when the frame is not all there yet, or why the bytes
  are not a frame a server may accept.
  """
  @spec decode(binary(), message()) :: {:ok, frame(), binary()} | :more | {:error, reason()}
  def decode(<<fin::1, rsv::3, opcode::4, _::bits>> = data, message) do
    with :ok <- check_first_byte(fin, rsv, opcode, message),
         {:ok, length, key, rest} <- header(data, opcode),
         {:ok, payload, rest} <- take(rest, length) do
      payload
      |> unmask(key)
      |> to_frame(fin, opcode, message)
      |> case do
        {:ok, frame} -> {:ok, frame, rest}
        error -> error
      end
    end
  end

  def decode(<<>>, _message), do: :more

  defp check_first_byte(_fin, rsv, _opcode, _message) when rsv != 0, do: {:error, :reserved_bits}

  defp check_first_byte(_fin, _rsv, opcode, _message) when opcode in 3..7 or opcode in 11..15,
    do: {:error, :reserved_opcode}

  # Control frames may come between the fragments of a message, so they
  # cannot be fragmented themselves (section 5.5).
  defp check_first_byte(0, _rsv, opcode, _message) when opcode >= 8,
    do: {:error, :fragmented_control}

  defp check_first_byte(_fin, _rsv, 0, nil), do: {:error, :unexpected_continuation}

  defp check_first_byte(_fin, _rsv, opcode, message) when opcode in [1, 2] and message != nil,
    do: {:error, :interleaved_message}

  defp check_first_byte(_fin, _rsv, _opcode, _message), do: :ok
  # ANCHOR_END: decode

  # ANCHOR: header
  # A close payload is empty or starts with a two-byte code: one byte is wrong.
  defp header(<<_::8, _::1, 1::7, _::bits>>, 0x8), do: {:error, :bad_close_length}

  # As cow_ws does, a close frame's header is read with its status code (two
  # bytes more), so a short close frame is :more before anything else.
  defp header(<<_::8, masked::1, len7::7, _::bits>> = data, 0x8)
       when len7 > 1 and byte_size(data) < 4 + 4 * masked,
       do: :more

  # The 64-bit length's most significant bit must be 0 (section 5.2).
  defp header(<<_::8, _::1, 127::7, 1::1, _::bits>>, _opcode), do: {:error, :length_too_large}

  defp header(<<_::8, masked::1, len7::7, rest::binary>>, opcode) do
    ext = if len7 == 126, do: 2, else: if(len7 == 127, do: 8, else: 0)

    case rest do
      <<length::unit(8)-size(ext), key::binary-size(4 * masked), rest::binary>> ->
        length = if ext == 0, do: len7, else: length
        check_length(opcode, len7, length, key, rest)

      _short ->
        :more
    end
  end

  defp header(_one_byte, _opcode), do: :more

  # Control frames carry at most 125 bytes, so their length always fits the
  # first byte; a longer form for a length that fits a shorter one is refused.
  defp check_length(opcode, len7, _length, _key, _rest) when opcode >= 8 and len7 > 125,
    do: {:error, :control_too_long}

  defp check_length(_opcode, 126, length, _key, _rest) when length <= 125,
    do: {:error, :non_minimal_length}

  defp check_length(_opcode, 127, length, _key, _rest) when length <= 0xFFFF,
    do: {:error, :non_minimal_length}

  defp check_length(_opcode, _len7, length, key, rest), do: {:ok, length, key, rest}
  # ANCHOR_END: header

  defp take(data, length) when byte_size(data) >= length do
    <<payload::binary-size(length), rest::binary>> = data
    {:ok, payload, rest}
  end

  defp take(_data, _length), do: :more

  # ANCHOR: mask
  @doc """
  XORs `data` with the four-byte `key` repeated (section 5.3); masking and
  unmasking are the same operation. `:crypto.exor/2` does the XOR in C.
  """
  @spec unmask(binary(), binary()) :: binary()
  def unmask(data, <<>>), do: data

  def unmask(data, <<_::32>> = key) do
    size = byte_size(data)
    keys = key |> :binary.copy(div(size, 4) + 1) |> binary_part(0, size)
    :crypto.exor(data, keys)
  end

  # ANCHOR_END: mask

  defp to_frame(payload, 1, 0x1, nil) do
    if String.valid?(payload), do: {:ok, {:text, payload}}, else: {:error, :invalid_utf8}
  end

  defp to_frame(payload, 1, 0x2, nil), do: {:ok, {:binary, payload}}
  defp to_frame(<<>>, _fin, 0x8, _message), do: {:ok, :close}

  defp to_frame(<<code::16, reason::binary>>, _fin, 0x8, _message) do
    cond do
      not close_code?(code) -> {:error, :bad_close_code}
      not String.valid?(reason) -> {:error, :invalid_utf8}
      true -> {:ok, {:close, code, reason}}
    end
  end

  defp to_frame(payload, _fin, opcode, _message) when opcode in [0x9, 0xA] do
    kind = if opcode == 0x9, do: :ping, else: :pong
    {:ok, if(payload == <<>>, do: kind, else: {kind, payload})}
  end

  # The first piece of a fragmented message (FIN clear, opcode 1 or 2) or a
  # continuation (opcode 0) of the message in progress.
  defp to_frame(payload, fin, opcode, message) do
    kind = message || if opcode == 0x1, do: :text, else: :binary
    last = if fin == 1, do: :fin, else: :nofin
    fragment(kind, last, payload)
  end

  # A fragment boundary may split a UTF-8 character: a piece of text is
  # valid if it is valid up to an unfinished character at its end, and the
  # last piece must finish. (Checked per frame here; the chat carries
  # cow_ws's running UTF-8 state from one fragment to the next.)
  defp fragment(:binary, last, payload), do: {:ok, {:fragment, last, :binary, payload}}

  defp fragment(:text, last, payload) do
    valid = if last == :fin, do: String.valid?(payload), else: utf8_prefix?(payload)
    if valid, do: {:ok, {:fragment, last, :text, payload}}, else: {:error, :invalid_utf8}
  end

  # Section 7.4: codes 1000-1003 and 1007-1011 are defined for the wire
  # (1004 is reserved; 1005, 1006 and 1015 must never be sent), 3000-4999 are
  # for libraries and applications. Later IANA codes (1012-1014) are refused,
  # as cow_ws 1.3.0 refuses them.
  @doc "Whether a peer may send `code` in a close frame."
  @spec close_code?(integer()) :: boolean()
  def close_code?(code), do: code in 1000..1003 or code in 1007..1011 or code in 3000..4999

  defp utf8_prefix?(data) do
    String.valid?(data) or
      Enum.any?(1..3, fn n ->
        n <= byte_size(data) and
          unfinished?(binary_part(data, byte_size(data) - n, n)) and
          String.valid?(binary_part(data, 0, byte_size(data) - n))
      end)
  end

  # The first one, two or three bytes of a character that needs more: the
  # second byte's range depends on the first (no overlong forms, no
  # surrogates, nothing over U+10FFFF).
  defp unfinished?(<<lead>>), do: lead in 0xC2..0xF4
  defp unfinished?(<<0xE0, b>>), do: b in 0xA0..0xBF
  defp unfinished?(<<0xED, b>>), do: b in 0x80..0x9F
  defp unfinished?(<<lead, b>>) when lead in 0xE1..0xEF, do: b in 0x80..0xBF
  defp unfinished?(<<0xF0, b>>), do: b in 0x90..0xBF
  defp unfinished?(<<lead, b>>) when lead in 0xF1..0xF3, do: b in 0x80..0xBF
  defp unfinished?(<<0xF4, b>>), do: b in 0x80..0x8F

  defp unfinished?(<<lead, b, c>>) when lead in 0xF0..0xF4,
    do: unfinished?(<<lead, b>>) and c in 0x80..0xBF

  defp unfinished?(_other), do: false

  # ANCHOR: encode
  @doc """
  Encodes a whole frame, unmasked as a server sends it (`key` nil) or masked
  with a four-byte `key` as a client must. Control frames over 125 bytes and
  fragments are refused: a sender splits a message before it frames it.
  """
  @spec encode(frame(), nil | <<_::32>>) :: iodata()
  def encode(frame, key \\ nil) do
    {opcode, payload} = opcode_and_payload(frame)

    if opcode >= 8 and byte_size(payload) > 125 do
      raise ArgumentError, "a control frame carries at most 125 bytes"
    end

    case key do
      nil ->
        [<<1::1, 0::3, opcode::4, 0::1, length_field(payload)::bits>>, payload]

      <<_::32>> ->
        [<<1::1, 0::3, opcode::4, 1::1, length_field(payload)::bits>>, key, unmask(payload, key)]
    end
  end

  # The shortest of the three length forms: 7 bits, 16 bits after 126, or
  # 64 bits after 127 (section 5.2).
  defp length_field(payload) do
    case byte_size(payload) do
      n when n <= 125 -> <<n::7>>
      n when n <= 0xFFFF -> <<126::7, n::16>>
      n -> <<127::7, n::64>>
    end
  end

  # ANCHOR_END: encode

  defp opcode_and_payload({:text, data}), do: {0x1, data}
  defp opcode_and_payload({:binary, data}), do: {0x2, data}
  defp opcode_and_payload(:close), do: {0x8, <<>>}

  defp opcode_and_payload({:close, code, reason}) when is_integer(code),
    do: {0x8, <<code::16, reason::binary>>}

  defp opcode_and_payload(:ping), do: {0x9, <<>>}
  defp opcode_and_payload({:ping, data}), do: {0x9, data}
  defp opcode_and_payload(:pong), do: {0xA, <<>>}
  defp opcode_and_payload({:pong, data}), do: {0xA, data}
end
