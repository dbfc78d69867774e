defprotocol Chat.Frame do
  @moduledoc """
  Turns a value the server sends to a room into the five-element array that Phoenix's
  Channels protocol (version 2) puts on the wire: `[join_ref, ref, topic, event, payload]`.

  A protocol rather than one function with a clause per struct, because the set of things a
  room can broadcast is open: a module written later (a reaction, a typing indicator) adds its
  own `defimpl Chat.Frame` without touching this file. Broadcasts answer no request, so their
  `join_ref` and `ref` are `nil`.
  """

  # ANCHOR: protocol
  @doc "The wire frame for `value`, broadcast to everyone in its room."
  @spec to_frame(t()) :: [nil | String.t() | map()]
  def to_frame(value)
end

defimpl Chat.Frame, for: Chat.Message do
  def to_frame(%Chat.Message{} = message) do
    payload = %{"from" => message.from, "body" => message.body, "edited" => message.edited?}
    [nil, nil, "room:" <> message.room, "new_msg", payload]
  end
end

defimpl Chat.Frame, for: Chat.Notice do
  def to_frame(%Chat.Notice{room: room, text: text}) do
    [nil, nil, "room:" <> room, "notice", %{"text" => text}]
  end
end

# ANCHOR_END: protocol
