defmodule Rooms do
  @moduledoc """
  A process per room name, started the first time someone asks for it: the
  shape of the chat's `Chat.Room`, stripped to the naming. A unique `Registry`
  maps names to pids, a `DynamicSupervisor` starts the rooms, and a room
  registers itself by its `{:via, Registry, ...}` name as it starts, so two
  callers racing to start the same room get the same process.
  """

  use Supervisor

  @registry Rooms.Registry
  @rooms Rooms.Supervisor

  @spec start_link(keyword()) :: Supervisor.on_start()
  def start_link(_opts), do: Supervisor.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil) do
    children = [
      {Registry, keys: :unique, name: @registry},
      {DynamicSupervisor, name: @rooms, strategy: :one_for_one}
    ]

    Supervisor.init(children, strategy: :rest_for_one)
  end

  # ANCHOR: on_demand
  @doc "The room's pid, starting the room if it is not running."
  @spec ensure_started(String.t()) :: pid()
  def ensure_started(name) do
    case Registry.lookup(@registry, name) do
      [{pid, _value}] ->
        pid

      [] ->
        case DynamicSupervisor.start_child(@rooms, {Rooms.Room, name}) do
          {:ok, pid} -> pid
          # Someone started it between our lookup and our start: use theirs.
          {:error, {:already_started, pid}} -> pid
        end
    end
  end

  @doc "The name under which a room registers, usable wherever a pid is."
  @spec via(String.t()) :: GenServer.name()
  def via(name), do: {:via, Registry, {@registry, name}}
  # ANCHOR_END: on_demand

  @spec count() :: non_neg_integer()
  def count, do: DynamicSupervisor.count_children(@rooms).active

  @spec main() :: :ok
  def main do
    {:ok, _} = start_link([])

    # ANCHOR: demo
    lobby = ensure_started("lobby")
    IO.puts("ensure_started twice gives one process: #{ensure_started("lobby") == lobby}")

    racers = for _ <- 1..100, do: Task.async(fn -> ensure_started("help") end)
    pids = racers |> Task.await_many() |> Enum.uniq()
    IO.puts("100 racing callers of \"help\" got #{length(pids)} pid; rooms running: #{count()}")

    :ok = Rooms.Room.post(via("lobby"), "ada", "hello")

    IO.puts(
      "history of lobby, through its via name: #{inspect(Rooms.Room.history(via("lobby")))}"
    )

    ref = Process.monitor(lobby)
    Process.exit(lobby, :kill)
    receive do: ({:DOWN, ^ref, :process, ^lobby, :killed} -> :ok)
    forgotten = wait_until(fn -> Registry.lookup(@registry, "lobby") == [] end)
    IO.puts("after the kill the Registry forgot lobby: #{forgotten}; rooms running: #{count()}")
    IO.puts("the next ensure_started starts a new one: #{ensure_started("lobby") != lobby}")
    # ANCHOR_END: demo
  end

  # The Registry hears of a death by a message of its own, so a lookup just
  # after the :DOWN may still return the dead pid for a moment.
  defp wait_until(check, tries \\ 1_000) do
    cond do
      check.() -> true
      tries == 0 -> false
      true -> Process.sleep(1) && wait_until(check, tries - 1)
    end
  end
end
