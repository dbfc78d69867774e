defmodule ForgetfulUnread do
  @moduledoc """
  Unread with a bug for the model to catch: marking one user read clears
  every user's count.
  """

  use GenServer

  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts), do: GenServer.start_link(__MODULE__, %{}, Keyword.take(opts, [:name]))

  @spec post(GenServer.server(), String.t()) :: :ok
  def post(server, user), do: GenServer.call(server, {:post, user})

  @spec mark_read(GenServer.server(), String.t()) :: :ok
  def mark_read(server, user), do: GenServer.call(server, {:mark_read, user})

  @spec unread(GenServer.server(), String.t()) :: non_neg_integer()
  def unread(server, user), do: GenServer.call(server, {:unread, user})

  @impl true
  def init(counts), do: {:ok, counts}

  @impl true
  def handle_call({:post, user}, _from, counts),
    do: {:reply, :ok, Map.update(counts, user, 1, &(&1 + 1))}

  # The bug: every user's count goes, not only this user's.
  def handle_call({:mark_read, _user}, _from, _counts),
    do: {:reply, :ok, %{}}

  def handle_call({:unread, user}, _from, counts),
    do: {:reply, Map.get(counts, user, 0), counts}
end
