defmodule Rooms.Demo do
  @moduledoc """
  Run with `mix run -e "Rooms.Demo.main()"`: `mix run` has already started the
  application, so the tree is up. The demo opens three rooms, kills one,
  shows that only that one restarted (and lost its memory), then stops the
  application and prints the order in which the processes stopped.
  """

  require Logger

  # ANCHOR: main
  @spec main() :: :ok
  def main do
    Application.put_env(:listing_2_2_5_03, :observer, self())

    for {id, _pid, type, _} <- Supervisor.which_children(Rooms.Supervisor) do
      IO.puts("child of Rooms.Supervisor: #{inspect(id)} (#{type})")
    end

    rooms = ["general", "lobby", "random"]
    before = for name <- rooms, into: %{}, do: {name, elem(Rooms.open(name), 1)}
    for name <- rooms, do: :ok = Rooms.post(name, "hello #{name}")

    victim = before["lobby"]
    ref = Process.monitor(victim)
    Process.exit(victim, :kill)
    receive do: ({:DOWN, ^ref, :process, ^victim, :killed} -> :ok)
    receive do: ({:started, "lobby", new} when new != victim -> :ok)

    for name <- rooms do
      changed = Rooms.whereis(name) != before[name]
      IO.puts("#{name}: pid changed #{changed}, history #{inspect(Rooms.history(name))}")
    end

    # Application.stop/1 logs a line at :info with the time in it; keep it out of the output.
    Logger.configure(level: :warning)
    :ok = Application.stop(:listing_2_2_5_03)
    IO.puts("stopped, in this order: " <> Enum.join(stop_order([]), ", "))
  end

  # ANCHOR_END: main

  # Application.stop/1 has returned, so every report is already here (after 0).
  # The front door stops first; the rooms stop together, so they are sorted.
  defp stop_order(seen) do
    receive do
      {:stopping, :front, rooms} -> stop_order(["front (#{rooms} rooms still running)" | seen])
      {:stopping, room} -> stop_order(seen ++ ["room #{room}"])
      {:started, _, _} -> stop_order(seen)
    after
      0 ->
        {front, rooms} = Enum.split_with(seen, &String.starts_with?(&1, "front"))
        front ++ Enum.sort(rooms)
    end
  end
end
