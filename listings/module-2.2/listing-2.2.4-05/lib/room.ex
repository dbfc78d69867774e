defmodule Rooms.Room do
  @moduledoc """
  A minimal room: a name and the messages posted to it. `:temporary`, as the
  chat's rooms are, so that a dead room is started again by the next caller
  of `Rooms.ensure_started/1` rather than by its supervisor.
  """

  use GenServer, restart: :temporary

  @spec start_link(String.t()) :: GenServer.on_start()
  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: Rooms.via(name))

  @spec post(GenServer.server(), String.t(), String.t()) :: :ok
  def post(room, user, body), do: GenServer.call(room, {:post, user, body})

  @spec history(GenServer.server()) :: [{String.t(), String.t()}]
  def history(room), do: GenServer.call(room, :history)

  @impl true
  def init(name), do: {:ok, %{name: name, messages: []}}

  @impl true
  def handle_call({:post, user, body}, _from, state) do
    {:reply, :ok, %{state | messages: [{user, body} | state.messages]}}
  end

  def handle_call(:history, _from, state), do: {:reply, Enum.reverse(state.messages), state}
end
