defmodule Settings do
  @moduledoc """
  Per-room settings (the message size cap, say) that every channel reads on
  every message and that change rarely. The owner process holds them twice:
  in its state, to answer `GenServer.call/2`, and in a named ETS table that
  any process reads without asking it. Writes go through the owner either way,
  so there is one writer; the table is `:protected` (only the owner writes)
  and `read_concurrency: true` (tuned for many concurrent readers).
  """

  use GenServer

  # ANCHOR: owner
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []), do: GenServer.start_link(__MODULE__, nil, opts)

  @spec put(GenServer.server(), term(), term()) :: :ok
  def put(owner, key, value), do: GenServer.call(owner, {:put, key, value})

  @doc "A read that asks the owner process."
  @spec get_via_call(GenServer.server(), term()) :: term()
  def get_via_call(owner, key), do: GenServer.call(owner, {:get, key})

  @doc "A read straight from the table, in the caller's process."
  @spec get(term()) :: term()
  def get(key) do
    case :ets.lookup(__MODULE__, key) do
      [{^key, value}] -> value
      [] -> nil
    end
  end

  @impl true
  def init(nil) do
    table = :ets.new(__MODULE__, [:named_table, :protected, :set, read_concurrency: true])
    {:ok, %{table: table, values: %{}}}
  end

  @impl true
  def handle_call({:put, key, value}, _from, state) do
    true = :ets.insert(state.table, {key, value})
    {:reply, :ok, put_in(state.values[key], value)}
  end

  def handle_call({:get, key}, _from, state), do: {:reply, Map.get(state.values, key), state}
  # ANCHOR_END: owner
end
