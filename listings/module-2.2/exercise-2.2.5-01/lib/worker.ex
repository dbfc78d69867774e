defmodule Shop.Worker do
  @moduledoc """
  The worker every node of the exercise's tree runs (given: you do not edit
  it). Started with `{name, report_to}`, it sends `{:started, name, pid}` to
  `report_to` from `init/1`, so the tests can wait for a restart by message.
  """

  use GenServer

  @spec start_link({atom(), pid()}) :: GenServer.on_start()
  def start_link({name, report_to}), do: GenServer.start_link(__MODULE__, {name, report_to})

  @impl true
  def init({name, report_to}) do
    send(report_to, {:started, name, self()})
    {:ok, name}
  end
end
