# Your attempt: write typed/3, stopped/2 and expire/2, then run `cargo xtask exercise 2.2.10-2`.
defmodule TypingTracker do
  @moduledoc """
  Who is typing in a room, and when to tell the others.

  A "typing" notice is ephemeral: the room relays it to the other members,
  never stores it in the history and gives it no message id. A client sends
  one every keystroke or so, far more often than anyone needs to see, so the
  tracker lets a user's notice through at most once every `every_ms`. A
  client that stops typing, or goes away, sends nothing at all, so the
  tracker also says who has been quiet for `idle_ms`, and the room can tell
  the others that they stopped.

  The tracker is a plain value and holds no timer. Time is passed in
  (milliseconds from a monotonic clock), as in the chat's `Chat.TokenBucket`,
  so the tests drive it without waiting.
  """

  # ANCHOR: given
  @enforce_keys [:every_ms, :idle_ms]
  defstruct [:every_ms, :idle_ms, users: %{}]

  @type user :: String.t()
  # relayed_at: when this user's last notice was let through; seen_at: their last keystroke.
  @type entry :: %{relayed_at: integer(), seen_at: integer()}
  @type t :: %__MODULE__{
          every_ms: pos_integer(),
          idle_ms: pos_integer(),
          users: %{optional(user()) => entry()}
        }

  @doc "A tracker with nobody typing."
  @spec new(pos_integer(), pos_integer()) :: t()
  def new(every_ms, idle_ms) when every_ms > 0 and idle_ms > 0 do
    %__MODULE__{every_ms: every_ms, idle_ms: idle_ms}
  end

  @doc "The users typing now, sorted."
  @spec typing(t()) :: [user()]
  def typing(%__MODULE__{users: users}), do: users |> Map.keys() |> Enum.sort()

  # ANCHOR_END: given

  # ANCHOR: starter
  @doc """
  `user` sent a typing notice at `now_ms`. `:relay` when the others should
  hear of it: the user was not typing, or their last relayed notice is at
  least `every_ms` old. `:quiet` otherwise, and the keystroke still counts:
  it keeps the user typing.
  """
  @spec typed(t(), user(), integer()) :: {:relay | :quiet, t()}
  def typed(%__MODULE__{} = _tracker, _user, _now_ms) do
    raise "not written yet: compare now_ms with the user's last relayed notice"
  end

  @doc """
  `user` stopped typing at once: they posted a message, or left. Returns
  whether they were typing (then the others should hear that they stopped).
  """
  @spec stopped(t(), user()) :: {boolean(), t()}
  def stopped(%__MODULE__{} = _tracker, _user) do
    raise "not written yet: Map.pop/2 tells you whether the user was there"
  end

  @doc """
  The users whose last keystroke is at least `idle_ms` old at `now_ms`,
  sorted, and the tracker without them.
  """
  @spec expire(t(), integer()) :: {[user()], t()}
  def expire(%__MODULE__{} = _tracker, _now_ms) do
    raise "not written yet: split the users by how long ago they last typed"
  end

  # ANCHOR_END: starter
end
