defmodule TtlCache do
  @moduledoc """
  A cache whose entries expire `ttl_ms` after they were put. Readers look up
  the ETS table directly, in their own process, and treat an expired entry as
  a miss; writes and the sweep of expired entries go through the owner, the
  only process allowed to change the `:protected` table. The clock is a
  function, so tests move time by hand instead of sleeping.
  """

  use GenServer

  @type option ::
          {:name, atom()} | {:ttl_ms, pos_integer()} | {:clock, (() -> integer())}

  # ANCHOR: solution
  @spec start_link([option()]) :: GenServer.on_start()
  def start_link(opts) do
    name = Keyword.fetch!(opts, :name)
    GenServer.start_link(__MODULE__, opts, name: name)
  end

  @spec put(atom(), term(), term()) :: :ok
  def put(cache, key, value), do: GenServer.call(cache, {:put, key, value})

  @spec get(atom(), term()) :: {:ok, term()} | :miss
  def get(cache, key) do
    [{:clock, clock}] = :ets.lookup(cache, :clock)
    now = clock.()

    case :ets.lookup(cache, {:entry, key}) do
      [{_, value, expires_at}] when now < expires_at -> {:ok, value}
      _missing_or_expired -> :miss
    end
  end

  @spec sweep(atom()) :: non_neg_integer()
  def sweep(cache), do: GenServer.call(cache, :sweep)

  @impl true
  def init(opts) do
    name = Keyword.fetch!(opts, :name)
    clock = Keyword.get(opts, :clock, fn -> System.monotonic_time(:millisecond) end)
    table = :ets.new(name, [:named_table, :protected, :set, read_concurrency: true])
    # Readers need the clock too: keep it in the table beside the entries.
    true = :ets.insert(table, {:clock, clock})
    {:ok, %{table: table, ttl_ms: Keyword.fetch!(opts, :ttl_ms), clock: clock}}
  end

  @impl true
  def handle_call({:put, key, value}, _from, state) do
    true = :ets.insert(state.table, {{:entry, key}, value, state.clock.() + state.ttl_ms})
    {:reply, :ok, state}
  end

  def handle_call(:sweep, _from, state) do
    now = state.clock.()
    # Entries whose expiry time is at or before now.
    spec = [{{{:entry, :_}, :_, :"$1"}, [{:"=<", :"$1", now}], [true]}]
    {:reply, :ets.select_delete(state.table, spec), state}
  end

  # ANCHOR_END: solution
end
