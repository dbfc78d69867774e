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

  # ANCHOR: solution
  @doc """
  `user` sent a typing notice at `now_ms`. `:relay` when the others should
  hear of it: the user was not typing, or their last relayed notice is at
  least `every_ms` old. `:quiet` otherwise, and the keystroke still counts:
  it keeps the user typing.
  """
  @spec typed(t(), user(), integer()) :: {:relay | :quiet, t()}
  def typed(%__MODULE__{} = tracker, user, now_ms) do
    case tracker.users do
      %{^user => %{relayed_at: at} = entry} when now_ms - at < tracker.every_ms ->
        {:quiet, put_in(tracker.users[user], %{entry | seen_at: now_ms})}

      _ ->
        {:relay, put_in(tracker.users[user], %{relayed_at: now_ms, seen_at: now_ms})}
    end
  end

  @doc """
  `user` stopped typing at once: they posted a message, or left. Returns
  whether they were typing (then the others should hear that they stopped).
  """
  @spec stopped(t(), user()) :: {boolean(), t()}
  def stopped(%__MODULE__{} = tracker, user) do
    case Map.pop(tracker.users, user) do
      {nil, _users} -> {false, tracker}
      {_entry, users} -> {true, %{tracker | users: users}}
    end
  end

  @doc """
  The users whose last keystroke is at least `idle_ms` old at `now_ms`,
  sorted, and the tracker without them.
  """
  @spec expire(t(), integer()) :: {[user()], t()}
  def expire(%__MODULE__{} = tracker, now_ms) do
    {idle, active} =
      Enum.split_with(tracker.users, fn {_user, entry} ->
        now_ms - entry.seen_at >= tracker.idle_ms
      end)

    {idle |> Enum.map(&elem(&1, 0)) |> Enum.sort(), %{tracker | users: Map.new(active)}}
  end

  # ANCHOR_END: solution
end
