defmodule Chat.Serializer do
  @moduledoc """
  Phoenix's V2 JSON wire format: every frame is one JSON array
  `[join_ref, ref, topic, event, payload]`.

  The client numbers its messages (`ref`) and names the join a message belongs
  to (`join_ref`); the server echoes both in a reply so the client can match
  it to the push that asked. A reply is the event `"phx_reply"` with the
  payload `{"status": "ok" | "error", "response": ...}`; a push or broadcast
  that answers nothing carries a `null` ref. JSON goes through jiffy (a NIF,
  shipped by Debian as erlang-jiffy), decoding objects to maps and `null` to
  `nil` so the rest of the code sees ordinary Elixir terms.
  """

  @typedoc "One decoded client message."
  @type message :: %{
          join_ref: String.t() | nil,
          ref: String.t() | nil,
          topic: String.t(),
          event: String.t(),
          payload: map()
        }

  @doc """
  Decodes a text frame into a message, or says why it is not one.

  A ref may be any JSON string or `null`: phoenix.js sends strings, other
  clients are free to send anything that identifies their push, so numbers are
  kept as they are and echoed back.
  """
  @spec decode(binary()) :: {:ok, message()} | {:error, :invalid_json | :invalid_message}
  # ANCHOR: websockets_decode
  def decode(text) when is_binary(text) do
    case safe_decode(text) do
      {:ok, [join_ref, ref, topic, event, payload]}
      when is_binary(topic) and is_binary(event) and is_map(payload) ->
        if ref?(join_ref) and ref?(ref) do
          {:ok, %{join_ref: join_ref, ref: ref, topic: topic, event: event, payload: payload}}
        else
          {:error, :invalid_message}
        end

      {:ok, _other} ->
        {:error, :invalid_message}

      :error ->
        {:error, :invalid_json}
    end
  end

  # ANCHOR_END: websockets_decode

  defp ref?(ref), do: is_nil(ref) or is_binary(ref) or is_integer(ref)

  defp safe_decode(text) do
    {:ok, :jiffy.decode(text, [:return_maps, {:null_term, nil}])}
  catch
    # jiffy throws {:error, reason} on malformed input and raises on some others.
    _kind, _reason -> :error
  end

  @doc "Encodes a push (or broadcast) from the server: its ref is always `null`."
  @spec push(String.t() | nil, String.t(), String.t(), map()) :: iodata()
  def push(join_ref, topic, event, payload) do
    encode([join_ref, nil, topic, event, payload])
  end

  @doc "Encodes the reply to the client message with `join_ref` and `ref`."
  @spec reply(term(), term(), String.t(), :ok | :error, map()) :: iodata()
  # ANCHOR: websockets_reply
  def reply(join_ref, ref, topic, status, response) when status in [:ok, :error] do
    encode([join_ref, ref, topic, "phx_reply", %{status: status, response: response}])
  end

  # ANCHOR_END: websockets_reply

  @doc "Encodes any JSON-shaped term as one frame's text."
  @spec encode(term()) :: iodata()
  def encode(term), do: :jiffy.encode(term, [:use_nil])

  @doc """
  Reads the header of a V2 binary push (Phoenix's `decode_binary/1`): kind 0,
  four one-byte sizes, then join ref, ref, topic and event, then the payload.
  This server takes no binary payloads, but knowing the header lets it answer
  the push instead of closing the socket.
  """
  @spec decode_binary_header(binary()) ::
          {:ok, %{join_ref: String.t(), ref: String.t(), topic: String.t(), event: String.t()}}
          | {:error, :invalid_message}
  def decode_binary_header(
        <<0, join_ref_size, ref_size, topic_size, event_size,
          join_ref::binary-size(join_ref_size), ref::binary-size(ref_size),
          topic::binary-size(topic_size), event::binary-size(event_size), _payload::binary>>
      ) do
    fields = [join_ref, ref, topic, event]

    if Enum.all?(fields, &String.valid?/1) do
      {:ok, %{join_ref: join_ref, ref: ref, topic: topic, event: event}}
    else
      {:error, :invalid_message}
    end
  end

  def decode_binary_header(_other), do: {:error, :invalid_message}
end
