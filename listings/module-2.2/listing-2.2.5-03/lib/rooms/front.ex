defmodule Rooms.Front do
  @moduledoc """
  A stand-in for the part of a service that takes requests. It traps exits so
  that its supervisor's shutdown runs `terminate/2`, where a real front door
  would stop accepting and tell its clients; it reports how many rooms were
  still running at that moment.
  """

  use GenServer

  @spec start_link(term()) :: GenServer.on_start()
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil) do
    Process.flag(:trap_exit, true)
    {:ok, nil}
  end

  @impl true
  def terminate(_reason, nil) do
    %{active: rooms} = DynamicSupervisor.count_children(Rooms.RoomSupervisor)
    Rooms.Observer.notify({:stopping, :front, rooms})
  end
end
