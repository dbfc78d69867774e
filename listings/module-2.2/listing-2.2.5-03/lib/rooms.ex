defmodule Rooms do
  @moduledoc """
  The client API: rooms are opened on demand, one process each, under
  `Rooms.RoomSupervisor`, and found by name through `Rooms.Registry`.
  """

  alias Rooms.Room

  # ANCHOR: open
  @doc "The pid of room `name`, started if it is not running yet."
  @spec open(String.t()) :: {:ok, pid()} | {:error, :too_many_rooms}
  def open(name) do
    case DynamicSupervisor.start_child(Rooms.RoomSupervisor, {Room, name}) do
      {:ok, pid} -> {:ok, pid}
      {:error, {:already_started, pid}} -> {:ok, pid}
      {:error, :max_children} -> {:error, :too_many_rooms}
    end
  end

  # ANCHOR_END: open

  @doc "The pid of room `name`, or nil if it is not running."
  @spec whereis(String.t()) :: pid() | nil
  def whereis(name) do
    case Registry.lookup(Rooms.Registry, name) do
      [{pid, _}] -> pid
      [] -> nil
    end
  end

  @doc "Adds `text` to the room's history."
  @spec post(String.t(), String.t()) :: :ok
  def post(name, text), do: GenServer.call(Room.via(name), {:post, text})

  @doc "The room's messages, oldest first."
  @spec history(String.t()) :: [String.t()]
  def history(name), do: GenServer.call(Room.via(name), :history)

  @doc "Stops the room on purpose: a normal exit, which a `:transient` child is not restarted after."
  @spec close(String.t()) :: :ok
  def close(name), do: GenServer.stop(Room.via(name), :normal)
end
