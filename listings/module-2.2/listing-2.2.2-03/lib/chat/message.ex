defmodule Chat.Message do
  @moduledoc """
  One chat message: who sent it, to which room, and what it says.

  A struct rather than a plain map because the keys are fixed and known: a typo in a key is a
  compile error where the struct is built (`%Chat.Message{bdy: ...}`), and `@enforce_keys`
  makes leaving out a key that has no sensible default an error too. `String.Chars` is
  implemented so that string interpolation and `to_string/1` give the line a log or a terminal shows.
  """

  # ANCHOR: struct
  @enforce_keys [:room, :from, :body]
  defstruct [:room, :from, :body, edited?: false]

  @type t :: %__MODULE__{
          room: String.t(),
          from: String.t(),
          body: String.t(),
          edited?: boolean()
        }

  @doc "Returns the message with a new body, marked as edited."
  @spec edit(t(), String.t()) :: t()
  def edit(%__MODULE__{} = message, body) when is_binary(body) do
    %{message | body: body, edited?: true}
  end

  # ANCHOR_END: struct
end

# ANCHOR: chars
defimpl String.Chars, for: Chat.Message do
  def to_string(%Chat.Message{room: room, from: from, body: body, edited?: edited?}) do
    suffix = if edited?, do: " (edited)", else: ""
    "[#{room}] #{from}: #{body}#{suffix}"
  end
end

# ANCHOR_END: chars
