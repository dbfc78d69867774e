defmodule Unread do
  @moduledoc """
  How many messages each user has not read yet: `post/2` adds one for a
  user, `mark_read/2` clears that user's count, `unread/2` reads it.
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

  def handle_call({:mark_read, user}, _from, counts),
    do: {:reply, :ok, Map.delete(counts, user)}

  def handle_call({:unread, user}, _from, counts),
    do: {:reply, Map.get(counts, user, 0), counts}
end
