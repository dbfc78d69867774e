defmodule Frames.Properties do
  @moduledoc """
  PropEr properties that hold `Frames` to `cow_ws`. They live here rather
  than in the tests so that `main/0` can run them for the book and the tests
  can run them for CI, with one definition.

  PropEr 1.2 is an Erlang library; from Elixir its generators are plain
  function calls (`:proper_types.binary/0`, `:proper_types.oneof/1`, ...)
  and a property is `:proper.forall(generator, fun)`.
  """

  alias :proper_types, as: T

  @doc "Any whole frame encodes to exactly the bytes cow_ws sends for it."
  @spec encodes_like_cow_ws() :: term()
  def encodes_like_cow_ws do
    :proper.forall(frame(), fn frame ->
      IO.iodata_to_binary(Frames.encode(frame)) == Frames.Oracle.encode(frame)
    end)
  end

  @doc "Masked with any key, any frame decodes back to itself, by us and by cow_ws."
  @spec round_trips() :: term()
  def round_trips do
    :proper.forall(T.tuple([frame(), T.binary(4), T.binary()]), fn {frame, key, after_it} ->
      bytes = IO.iodata_to_binary(Frames.encode(frame, key)) <> after_it

      Frames.decode(bytes, nil) == {:ok, frame, after_it} and
        Frames.Oracle.decode(bytes, nil) == {:ok, frame, after_it}
    end)
  end

  @doc """
  On any bytes at all (mostly not frames), in any fragmentation state, we
  and cow_ws give the same answer: the same frame and rest, `:more`, or an
  error (we name the error; cow_ws does not, so only that there is one counts).
  """
  @spec agrees_on_any_bytes() :: term()
  def agrees_on_any_bytes do
    :proper.forall(T.tuple([raw_frame(), T.oneof([nil, :text, :binary])]), fn {bytes, message} ->
      same?(Frames.decode(bytes, message), Frames.Oracle.decode(bytes, message))
    end)
  end

  defp same?({:error, _ours}, {:error, :cow_ws}), do: true
  defp same?(answer, answer), do: true
  defp same?(_ours, _theirs), do: false

  # -- generators ---------------------------------------------------------------

  # Whole frames of every kind, with lengths in each of the three length forms.
  defp frame do
    text = T.oneof([:proper_unicode.utf8(), long_text()])
    data = T.oneof([T.binary(), long_binary()])
    control = T.add_constraint(T.binary(), &(byte_size(&1) in 1..125), true)
    reason = T.add_constraint(:proper_unicode.utf8(), &(byte_size(&1) <= 123), true)

    T.oneof([
      T.tuple([:text, text]),
      T.tuple([:binary, data]),
      :close,
      T.tuple([:close, close_code(), reason]),
      :ping,
      T.tuple([:ping, control]),
      :pong,
      T.tuple([:pong, control])
    ])
  end

  defp close_code, do: T.oneof([T.range(1000, 1003), T.range(1007, 1011), T.range(3000, 4999)])

  # Sizes around the 125/126 and 65535/65536 boundaries of the length forms.
  defp long_size, do: T.oneof([T.range(120, 130), T.range(65_530, 65_540)])
  defp long_binary, do: T.bind(long_size(), &:binary.copy(<<0xAB>>, &1), false)
  defp long_text, do: T.bind(long_size(), &String.duplicate("é", div(&1, 2)), false)

  # A frame's parts drawn one by one, mostly legal but each often not: RSV
  # bits, every opcode, all three length forms with lengths that are or are
  # not minimal, with and without a mask, a payload of text or bytes, the
  # whole cut short a quarter of the time.
  @doc "Bytes that are often, but not always, a frame: the input of `agrees_on_any_bytes/0`."
  @spec raw_frame() :: term()
  def raw_frame do
    parts =
      T.tuple([
        T.range(0, 1),
        T.frequency([{8, 0}, {1, T.range(1, 7)}]),
        T.frequency([{5, T.oneof([0, 1, 2, 8, 9, 10])}, {1, T.range(0, 15)}]),
        T.range(0, 1),
        T.frequency([{6, T.range(0, 125)}, {1, 126}, {1, 127}]),
        T.frequency([{3, T.range(0, 300)}, {2, long_size()}, {1, T.range(0, 0xFFFF)}]),
        T.frequency([{4, 0}, {1, 1}]),
        T.binary(4),
        T.oneof([T.binary(), :proper_unicode.utf8(), close_payload()]),
        T.frequency([{3, :whole}, {1, T.range(0, 20)}])
      ])

    T.bind(parts, &assemble/1, false)
  end

  defp close_payload do
    T.bind(
      T.tuple([T.range(990, 5010), :proper_unicode.utf8()]),
      fn {code, reason} ->
        <<code::16, reason::binary>>
      end,
      false
    )
  end

  defp assemble({fin, rsv, opcode, masked, len7, ext, high, key, body, cut}) do
    length =
      case len7 do
        126 -> <<ext::16>>
        127 -> <<high::1, ext::63>>
        _ -> <<>>
      end

    payload = if masked == 1, do: key <> Frames.unmask(body, key), else: body
    # A 7-bit length says how long the body is, so make it so half the time.
    len7 =
      if len7 < 126 and rem(byte_size(body), 2) == 0, do: min(byte_size(body), 125), else: len7

    bytes = <<fin::1, rsv::3, opcode::4, masked::1, len7::7>> <> length <> payload

    case cut do
      :whole -> bytes
      n -> binary_part(bytes, 0, min(n, byte_size(bytes)))
    end
  end
end
