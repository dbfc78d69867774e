defmodule Inbound do
  @moduledoc """
  Checks a frame a chat client sent before the server acts on it.

  A frame arrives as Phoenix's Channels protocol lays it out, already decoded from JSON:
  `[join_ref, ref, topic, event, payload]`, where `ref` is a string or `nil`. Posting a message takes six checks, and each can
  fail for its own reason: the frame has that shape, the event is `"new_msg"`, the topic names
  a room, the payload has a body, the body is small enough, and the sender still has a token
  in their bucket. `accept/3` chains them with `with`, which runs the steps in order while each
  result matches its pattern and returns the first result that does not, the way `?` returns
  the first `Err` in Rust.
  """

  @max_body_bytes 2_000

  # ANCHOR: accept
  @type post :: %{room: String.t(), body: String.t(), ref: String.t() | nil}
  @type reason ::
          :malformed_frame
          | {:unknown_event, String.t()}
          | {:unknown_topic, String.t()}
          | :missing_body
          | {:too_long, pos_integer()}
          | :rate_limited

  @doc "Accepts a `new_msg` frame at `now_ms`, or says which check it failed first."
  @spec accept(term(), TokenBucket.t(), integer()) ::
          {:ok, post(), TokenBucket.t()} | {:error, reason()}
  def accept(frame, bucket, now_ms) do
    with {:ok, ref, topic, "new_msg", payload} <- decode(frame),
         {:ok, room} <- room(topic),
         {:ok, body} when is_binary(body) <- Map.fetch(payload, "body"),
         :ok <- check_size(body),
         {:ok, bucket} <- TokenBucket.take(bucket, now_ms) do
      {:ok, %{room: room, body: body, ref: ref}, bucket}
    else
      {:ok, _ref, _topic, event, _payload} -> {:error, {:unknown_event, event}}
      {:ok, _not_a_string} -> {:error, :missing_body}
      :error -> {:error, :missing_body}
      {:error, _reason} = error -> error
    end
  end

  defp decode([_join_ref, ref, topic, event, payload])
       when (is_binary(ref) or is_nil(ref)) and is_binary(topic) and is_binary(event) and
              is_map(payload),
       do: {:ok, ref, topic, event, payload}

  defp decode(_other), do: {:error, :malformed_frame}

  defp room("room:" <> room) when room != "", do: {:ok, room}
  defp room(topic), do: {:error, {:unknown_topic, topic}}

  defp check_size(body) when byte_size(body) <= @max_body_bytes, do: :ok
  defp check_size(body), do: {:error, {:too_long, byte_size(body)}}
  # ANCHOR_END: accept

  @doc "Runs a burst of frames from one client through `accept/3` and prints each outcome."
  @spec main() :: :ok
  def main do
    good = fn ref -> [nil, ref, "room:lobby", "new_msg", %{"body" => "hello"}] end

    frames = [
      {0, good.("1")},
      {0, [nil, "2", "room:lobby", "new_msg", %{"text" => "hello"}]},
      {0, [nil, "3", "lobby", "new_msg", %{"body" => "hello"}]},
      {0, [nil, "4", "room:lobby", "shout", %{"body" => "HELLO"}]},
      {0, [nil, "5", "room:lobby", "new_msg", %{"body" => String.duplicate("a", 2_001)}]},
      {0, "not even a list"},
      {10, good.("6")},
      {20, good.("7")},
      {30, good.("8")},
      {1_030, good.("9")}
    ]

    # Times are in milliseconds. Three messages in a burst, then one more a second.
    bucket = TokenBucket.new(3, 1, 0)

    Enum.reduce(frames, bucket, fn {now_ms, frame}, bucket ->
      case accept(frame, bucket, now_ms) do
        {:ok, post, bucket} ->
          IO.puts("t=#{now_ms} accepted #{inspect(post)}")
          bucket

        {:error, reason} ->
          IO.puts("t=#{now_ms} refused  #{inspect(reason)}")
          bucket
      end
    end)

    :ok
  end
end
