# Your attempt: write the callbacks and run `cargo xtask exercise 2.2.10-1`.
defmodule CappedRoom do
  @moduledoc """
  A chat room that admits at most `max_users` people.

  It counts users, not sessions: a user who is already in the room may join
  again from another tab even when the room is full, since the chat lists a
  user once however many tabs they have open. Every member process is
  monitored, so a member that dies leaves by itself; when a user's last
  session goes, every remaining member gets `{:left, user}`.
  """

  use GenServer

  # ANCHOR: given
  @doc "Starts a room; `max_users` (required) is the most people it admits."
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts), do: GenServer.start_link(__MODULE__, Keyword.fetch!(opts, :max_users))

  @doc """
  Joins the calling process as `user`. Returns the users present afterwards,
  sorted, or why the join was refused: `"room full"`, or `"already joined"`
  for a process that is a member already.
  """
  @spec join(pid(), String.t()) :: {:ok, [String.t()]} | {:error, String.t()}
  def join(room, user), do: GenServer.call(room, {:join, self(), user})

  @doc "The users present, sorted, each once."
  @spec users(pid()) :: [String.t()]
  def users(room), do: GenServer.call(room, :users)

  @impl true
  def init(max_users) when is_integer(max_users) and max_users > 0 do
    # members: member pid => user
    {:ok, %{max_users: max_users, members: %{}}}
  end

  # ANCHOR_END: given

  # ANCHOR: starter
  @impl true
  def handle_call({:join, _pid, _user}, _from, _state) do
    raise "not written yet: count the users present (not the sessions), then admit, monitor or refuse"
  end

  def handle_call(:users, _from, _state) do
    raise "not written yet: the users present, sorted, each once"
  end

  @impl true
  def handle_info({:DOWN, _ref, :process, _pid, _reason}, _state) do
    raise "not written yet: forget the member; tell the others {:left, user} if it was the user's last session"
  end

  # ANCHOR_END: starter
end
