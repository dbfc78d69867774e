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

  # ANCHOR: solution
  @impl true
  def handle_call({:join, pid, user}, _from, state) do
    present = users_of(state.members)

    cond do
      Map.has_key?(state.members, pid) ->
        {:reply, {:error, "already joined"}, state}

      user in present or length(present) < state.max_users ->
        Process.monitor(pid)
        members = Map.put(state.members, pid, user)
        {:reply, {:ok, users_of(members)}, %{state | members: members}}

      true ->
        {:reply, {:error, "room full"}, state}
    end
  end

  def handle_call(:users, _from, state), do: {:reply, users_of(state.members), state}

  @impl true
  def handle_info({:DOWN, _ref, :process, pid, _reason}, state) do
    {user, members} = Map.pop(state.members, pid)

    if user != nil and user not in Map.values(members) do
      for member <- Map.keys(members), do: send(member, {:left, user})
    end

    {:noreply, %{state | members: members}}
  end

  defp users_of(members), do: members |> Map.values() |> Enum.uniq() |> Enum.sort()
  # ANCHOR_END: solution
end
