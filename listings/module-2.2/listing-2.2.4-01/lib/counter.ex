defmodule Counter do
  @moduledoc """
  The same counter as `LoopCounter`, as a GenServer. The client API (the
  functions other processes call) and the server callbacks (what runs inside
  the counter process) sit in one module, as Elixir in Action lays them out;
  `GenServer` supplies the loop, the reply matching, the timeout and a monitor
  of the server for the length of each call.
  """

  use GenServer

  # ANCHOR: genserver
  # -- client API: runs in the caller's process ---------------------------

  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []) do
    {initial, opts} = Keyword.pop(opts, :initial, 0)
    GenServer.start_link(__MODULE__, initial, opts)
  end

  @spec increment(GenServer.server(), integer()) :: :ok
  def increment(counter, by \\ 1), do: GenServer.cast(counter, {:increment, by})

  @spec value(GenServer.server(), timeout()) :: integer()
  def value(counter, timeout \\ 5_000), do: GenServer.call(counter, :value, timeout)

  # -- server callbacks: run in the counter's process ---------------------

  @impl true
  def init(initial) when is_integer(initial), do: {:ok, initial}

  @impl true
  def handle_cast({:increment, by}, count), do: {:noreply, count + by}

  @impl true
  def handle_call(:value, _from, count), do: {:reply, count, count}

  # ANCHOR_END: genserver
end
