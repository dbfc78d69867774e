defmodule Rooms.Room do
  @moduledoc """
  One chat room: a GenServer that keeps its latest messages in memory.

  `:transient`: a room that crashes is restarted by `Rooms.RoomSupervisor`, a
  room closed on purpose (a normal exit) is not. A restart starts from the
  known state `init/1` builds, an empty history, which is why the chat itself
  writes every message to disk before it answers: memory does not survive a
  crash, a file does.
  """

  use GenServer, restart: :transient

  @history 50

  @spec start_link(String.t()) :: GenServer.on_start()
  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: via(name))

  @spec via(String.t()) :: {:via, Registry, {Rooms.Registry, String.t()}}
  def via(name), do: {:via, Registry, {Rooms.Registry, name}}

  @impl true
  def init(name) do
    # So that a shutdown runs terminate/2 (a crash or a :kill does not).
    Process.flag(:trap_exit, true)
    Rooms.Observer.notify({:started, name, self()})
    {:ok, %{name: name, messages: []}}
  end

  @impl true
  def handle_call({:post, text}, _from, state) do
    {:reply, :ok, %{state | messages: Enum.take([text | state.messages], @history)}}
  end

  def handle_call(:history, _from, state), do: {:reply, Enum.reverse(state.messages), state}

  @impl true
  def terminate(_reason, state), do: Rooms.Observer.notify({:stopping, state.name})
end
