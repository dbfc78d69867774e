defmodule Rooms.Application do
  @moduledoc """
  The application callback: `mix run` (and a release, and
  `Application.ensure_all_started/1`) calls `start/2`, which must return the
  pid of the application's top supervisor. Stopping the application stops that
  supervisor, which stops its children in the reverse of their start order.
  """

  use Application

  # ANCHOR: start
  @impl true
  def start(_type, _args) do
    Rooms.Supervisor.start_link(max_rooms: Application.fetch_env!(:listing_2_2_5_03, :max_rooms))
  end

  # ANCHOR_END: start
end
