defmodule LastSeen do
  @moduledoc """
  When each user of a chat was last active, kept in a protected ETS table.

  Writes go through the GenServer one at a time, so two updates of the same
  user never race; reads go straight to the table, so a busy server never
  makes a reader wait. That split is also what makes it easy to test badly: a
  write is a cast, and a test that reads the table right after casting may
  look before the server has written.
  """

  use GenServer

  @type server :: GenServer.server()

  # ANCHOR: api
  @doc """
  Starts a tracker. `:write_delay_ms` makes each write that much slower, to
  stand in for a loaded machine in tests.
  """
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []) do
    delay = Keyword.get(opts, :write_delay_ms, 0)
    GenServer.start_link(__MODULE__, delay, Keyword.take(opts, [:name]))
  end

  @doc "Records that `user` was active at `at` (any clock the caller keeps)."
  @spec seen(server(), String.t(), integer()) :: :ok
  def seen(server, user, at), do: GenServer.cast(server, {:seen, user, at})

  @doc "The table readers look up, without going through the server."
  @spec table(server()) :: :ets.tid()
  def table(server), do: GenServer.call(server, :table)

  @doc "When `user` was last seen, or `nil`. Reads the table directly."
  @spec last_seen(:ets.tid(), String.t()) :: integer() | nil
  def last_seen(table, user) do
    case :ets.lookup(table, user) do
      [{^user, at}] -> at
      [] -> nil
    end
  end

  @doc "Sends the caller `{:seen, user, at}` after each write."
  @spec subscribe(server()) :: :ok
  def subscribe(server), do: GenServer.call(server, {:subscribe, self()})
  # ANCHOR_END: api

  @impl true
  def init(delay) do
    table = :ets.new(__MODULE__, [:set, :protected, read_concurrency: true])
    {:ok, %{table: table, delay: delay, subscribers: []}}
  end

  @impl true
  def handle_call(:table, _from, state), do: {:reply, state.table, state}

  def handle_call({:subscribe, pid}, _from, state) do
    {:reply, :ok, %{state | subscribers: [pid | state.subscribers]}}
  end

  # ANCHOR: write
  @impl true
  def handle_cast({:seen, user, at}, state) do
    if state.delay > 0, do: Process.sleep(state.delay)

    # An update that arrives late with an older time must not move it back.
    newer? =
      case :ets.lookup(state.table, user) do
        [{^user, previous}] -> at > previous
        [] -> true
      end

    if newer? do
      :ets.insert(state.table, {user, at})
      Enum.each(state.subscribers, &send(&1, {:seen, user, at}))
    end

    {:noreply, state}
  end

  # ANCHOR_END: write
end
