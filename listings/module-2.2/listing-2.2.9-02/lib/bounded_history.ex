defmodule BoundedHistory do
  @moduledoc """
  A room's last `limit` messages, held by a process.

  The room of the chat keeps such a history so that a user who joins sees
  what was said just before. It is small on purpose: the point of this
  module is to be checked against a model by PropEr.
  """

  use GenServer

  # ANCHOR: api
  @doc "Starts a history keeping the latest `:limit` messages (default 3)."
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts) do
    GenServer.start_link(__MODULE__, Keyword.get(opts, :limit, 3), Keyword.take(opts, [:name]))
  end

  @doc "Adds a message; the oldest is dropped once the history is full."
  @spec push(GenServer.server(), term()) :: :ok
  def push(server, message), do: GenServer.call(server, {:push, message})

  @doc "The messages held, oldest first."
  @spec recent(GenServer.server()) :: [term()]
  def recent(server), do: GenServer.call(server, :recent)
  # ANCHOR_END: api

  @impl true
  def init(limit), do: {:ok, %{limit: limit, newest_first: []}}

  # ANCHOR: push
  @impl true
  def handle_call({:push, message}, _from, state) do
    kept = Enum.take([message | state.newest_first], state.limit)
    {:reply, :ok, %{state | newest_first: kept}}
  end

  # ANCHOR_END: push

  def handle_call(:recent, _from, state) do
    {:reply, Enum.reverse(state.newest_first), state}
  end
end
