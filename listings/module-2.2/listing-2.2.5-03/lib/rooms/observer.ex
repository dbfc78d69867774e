defmodule Rooms.Observer do
  @moduledoc """
  Lets a demo or a test watch processes start and stop: when the application
  environment names an `:observer` pid, lifecycle events are sent to it as
  messages. Otherwise nothing is sent.
  """

  @spec notify(term()) :: :ok
  def notify(event) do
    case Application.get_env(:listing_2_2_5_03, :observer) do
      pid when is_pid(pid) -> send(pid, event)
      nil -> :ok
    end

    :ok
  end
end
