defmodule Rooms.Supervisor do
  @moduledoc """
  The top of the tree. Children start in list order and stop in reverse:

    1. `Rooms.Registry`: room name => room pid; first, because rooms register
       in it as they start;
    2. `Rooms.RoomSupervisor`: a DynamicSupervisor with no children at start,
       one room each time a room is first opened, at most `:max_rooms`;
    3. `Rooms.Front`: stands for the part that takes requests (the chat's
       endpoint); last, so that it is stopped first, while the rooms it talks
       to still run.

  `:one_for_one`, as the chat's own top supervisor is: a crash of one child
  restarts that child alone.
  """

  use Supervisor

  @spec start_link(keyword()) :: Supervisor.on_start()
  def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  # ANCHOR: tree
  @impl true
  def init(opts) do
    children = [
      {Registry, keys: :unique, name: Rooms.Registry},
      {DynamicSupervisor,
       name: Rooms.RoomSupervisor, strategy: :one_for_one, max_children: opts[:max_rooms]},
      Rooms.Front
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end

  # ANCHOR_END: tree
end
