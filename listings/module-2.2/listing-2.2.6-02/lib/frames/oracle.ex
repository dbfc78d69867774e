defmodule Frames.Oracle do
  @moduledoc """
  cowlib's `cow_ws`, the parser the chat uses, behind the same interface as
  `Frames.decode/2`, so that a property can hand both the same bytes and
  demand the same answer. `cow_ws` parses in two steps (the header, then the
  payload once the caller has it); this puts them together for one whole
  frame and maps its answers onto ours: any error is `{:error, :cow_ws}`.
  """

  @doc "What cow_ws makes of the frame at the start of `data`."
  @spec decode(binary(), Frames.message()) ::
          {:ok, Frames.frame(), binary()} | :more | {:error, :cow_ws}
  def decode(data, message) do
    frag = if message, do: {:nofin, message, <<0::3>>}, else: :undefined

    case :cow_ws.parse_header(data, %{}, frag) do
      :more ->
        :more

      :error ->
        {:error, :cow_ws}

      {_type, _frag, _rsv, length, _key, rest} when byte_size(rest) < length ->
        :more

      {type, frag, rsv, length, key, rest} ->
        case :cow_ws.parse_payload(rest, key, 0, 0, type, length, frag, %{}, rsv) do
          {:ok, payload, _utf8, rest} ->
            {:ok, :cow_ws.make_frame(type, payload, :undefined, frag), rest}

          {:ok, code, payload, _utf8, rest} ->
            {:ok, :cow_ws.make_frame(type, payload, code, frag), rest}

          {:error, _reason} ->
            {:error, :cow_ws}
        end
    end
  end

  @doc "The bytes cow_ws sends for `frame`, unmasked, as a server does."
  @spec encode(Frames.frame()) :: binary()
  def encode(frame), do: IO.iodata_to_binary(:cow_ws.frame(frame, %{}))
end
