defmodule Chat.Notice do
  @moduledoc """
  A notice the server itself posts to a room ("ada joined"), as opposed to a user's message.

  A second struct so that the `Chat.Frame` protocol has two types to dispatch on.
  """

  @enforce_keys [:room, :text]
  defstruct [:room, :text]

  @type t :: %__MODULE__{room: String.t(), text: String.t()}
end
