defmodule Escalation.Worker do
  @moduledoc """
  A worker that reports its start to a test or demo process, so that a restart
  can be awaited with a message. Started with `{:broken, reason}` it refuses to
  start at all, as a process does whose configuration is wrong: a bug that
  every restart meets again.
  """

  use GenServer

  @spec start_link({atom(), pid()} | {:broken, term()}) :: GenServer.on_start()
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init({:broken, reason}), do: {:stop, reason}

  def init({name, report_to}) do
    send(report_to, {:started, name, self()})
    {:ok, report_to}
  end
end
