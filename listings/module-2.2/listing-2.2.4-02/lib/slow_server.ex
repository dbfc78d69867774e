defmodule SlowServer do
  @moduledoc """
  A GenServer that takes as long as it is told to answer a request, and counts
  the requests it finished. It exists to show a call timing out: the caller
  gives up, but the server does not know, finishes the work and replies.
  """

  use GenServer

  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []), do: GenServer.start_link(__MODULE__, 0, opts)

  @doc "Asks the server to work for `ms` milliseconds, waiting up to `timeout`."
  @spec work(GenServer.server(), non_neg_integer(), timeout()) :: :done
  def work(server, ms, timeout \\ 5_000), do: GenServer.call(server, {:work, ms}, timeout)

  @doc "How many requests the server has finished."
  @spec finished(GenServer.server()) :: non_neg_integer()
  def finished(server), do: GenServer.call(server, :finished)

  @impl true
  def init(finished), do: {:ok, finished}

  @impl true
  def handle_call({:work, ms}, _from, finished) do
    Process.sleep(ms)
    {:reply, :done, finished + 1}
  end

  def handle_call(:finished, _from, finished), do: {:reply, finished, finished}
end
