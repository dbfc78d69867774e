defmodule LeakyHistory do
  @moduledoc """
  BoundedHistory with a planted bug, for the property to find: it counts the
  messages it holds and trims only once the count passes the limit, but the
  count stops at the limit, so a full history keeps one message too many.
  """

  use GenServer

  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts) do
    GenServer.start_link(__MODULE__, Keyword.get(opts, :limit, 3), Keyword.take(opts, [:name]))
  end

  @spec push(GenServer.server(), term()) :: :ok
  def push(server, message), do: GenServer.call(server, {:push, message})

  @spec recent(GenServer.server()) :: [term()]
  def recent(server), do: GenServer.call(server, :recent)

  @impl true
  def init(limit), do: {:ok, %{limit: limit, count: 0, newest_first: []}}

  # ANCHOR: bug
  @impl true
  def handle_call({:push, message}, _from, state) do
    kept = [message | state.newest_first]
    # The bug: `count` never passes `limit`, so this trims one message late.
    kept = if state.count + 1 > state.limit, do: Enum.take(kept, state.limit + 1), else: kept
    {:reply, :ok, %{state | newest_first: kept, count: min(state.count + 1, state.limit)}}
  end

  # ANCHOR_END: bug

  def handle_call(:recent, _from, state) do
    {:reply, Enum.reverse(state.newest_first), state}
  end
end
