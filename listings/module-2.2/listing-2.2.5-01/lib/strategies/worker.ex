defmodule Strategies.Worker do
  @moduledoc """
  A child that holds a counter and says when it starts.

  Its `init/1` sends `{:started, name, pid}` to the process given at start, so
  a demo or a test can wait for a restart by receiving a message instead of
  sleeping and hoping. The counter is the state a restart throws away: a
  restarted worker counts from zero again.
  """

  use GenServer

  @type name :: atom()

  @spec start_link({name(), pid()}) :: GenServer.on_start()
  def start_link({name, report_to}), do: GenServer.start_link(__MODULE__, {name, report_to})

  @doc "Adds one to the worker's counter."
  @spec bump(pid()) :: :ok
  def bump(worker), do: GenServer.call(worker, :bump)

  @doc "The worker's counter."
  @spec count(pid()) :: non_neg_integer()
  def count(worker), do: GenServer.call(worker, :count)

  @impl true
  def init({name, report_to}) do
    send(report_to, {:started, name, self()})
    {:ok, 0}
  end

  @impl true
  def handle_call(:bump, _from, count), do: {:reply, :ok, count + 1}
  def handle_call(:count, _from, count), do: {:reply, count, count}
end
