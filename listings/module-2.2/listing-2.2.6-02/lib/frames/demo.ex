defmodule Frames.Demo do
  @moduledoc """
  What the book shows of `Frames`: the examples of RFC 6455 section 5.7
  decoded by it and by cow_ws, then the three properties run with PropEr.
  """

  @examples [
    {"unmasked text Hello", <<0x81, 0x05, "Hello">>, nil},
    {"masked text Hello", <<0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58>>,
     nil},
    {"first fragment Hel", <<0x01, 0x03, "Hel">>, nil},
    {"last fragment lo", <<0x80, 0x02, "lo">>, :text},
    {"unmasked ping Hello", <<0x89, 0x05, "Hello">>, nil},
    {"256-byte binary, 16-bit length", <<0x82, 0x7E, 0x0100::16>> <> :binary.copy(<<0>>, 256),
     nil},
    {"close 1002 with a reason", <<0x88, 0x07, 1002::16, "bad!!">>, nil},
    {"close 1005, which no one may send", <<0x88, 0x02, 1005::16>>, nil},
    {"ping of 126 bytes", <<0x89, 0x7E, 126::16>> <> :binary.copy(<<0>>, 126), nil},
    {"text, length 5 in 16 bits", <<0x81, 0x7E, 5::16, "Hello">>, nil},
    {"only the first 3 of 7 bytes", <<0x81, 0x05, "H">>, nil}
  ]

  @doc "Prints both decoders' answers and the properties' results."
  @spec main() :: :ok
  def main do
    for {what, bytes, message} <- @examples do
      ours = Frames.decode(bytes, message)
      theirs = Frames.Oracle.decode(bytes, message)
      IO.puts("#{String.pad_trailing(what, 34)} #{show(ours)}")
      IO.puts("#{String.pad_trailing("", 34)} cow_ws: #{show(theirs)}")
    end

    IO.puts("")

    for {name, numtests} <- [
          encodes_like_cow_ws: 300,
          round_trips: 300,
          agrees_on_any_bytes: 3000
        ] do
      property = apply(Frames.Properties, name, [])
      result = :proper.quickcheck(property, [:quiet, :long_result, numtests: numtests])
      verdict = if result == true, do: "passed", else: "FAILED on #{inspect(result)}"
      IO.puts("#{String.pad_trailing(to_string(name), 20)} #{numtests} cases: #{verdict}")
    end

    :ok
  end

  defp show({:ok, frame, rest}), do: "#{short(frame)}, #{byte_size(rest)} bytes left"
  defp show(other), do: inspect(other)

  defp short({kind, data}) when byte_size(data) > 12,
    do: "{#{inspect(kind)}, <<#{byte_size(data)} bytes>>}"

  defp short(frame), do: inspect(frame)
end
