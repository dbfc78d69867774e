defmodule ReadBench do
  @moduledoc """
  Four reader processes read one key a fixed number of times, first through
  the owner's `GenServer.call/2`, then straight from ETS, in the same run, and
  the rates are printed side by side. Then the owner is killed, and the table
  with it.
  """

  @readers 4
  @reads_per_reader 50_000

  # ANCHOR: bench
  @spec main() :: :ok
  def main do
    {:ok, owner} = GenServer.start(Settings, nil)
    :ok = Settings.put(owner, {"lobby", :max_body}, 4_096)

    via_call = rate(fn -> Settings.get_via_call(owner, {"lobby", :max_body}) end)
    via_ets = rate(fn -> Settings.get({"lobby", :max_body}) end)

    IO.puts("#{@readers} readers x #{@reads_per_reader} reads each:")
    IO.puts("  GenServer.call  #{round(via_call)} ops/s")
    IO.puts("  :ets.lookup     #{round(via_ets)} ops/s")
    IO.puts("  ETS was #{Float.round(via_ets / via_call, 1)}x faster")
    # ANCHOR_END: bench

    # ANCHOR: owner_dies
    IO.puts("table before the owner dies: #{inspect(:ets.info(Settings, :size))} entries")
    ref = Process.monitor(owner)
    Process.exit(owner, :kill)
    receive do: ({:DOWN, ^ref, :process, ^owner, :killed} -> :ok)
    IO.puts("table after: #{inspect(:ets.info(Settings, :size))}")
    IO.puts("a read now raises: #{inspect(catch_error(fn -> Settings.get(:any) end))}")
    # ANCHOR_END: owner_dies
  end

  # Reads per second over all readers, each reader reading in a loop of its own.
  defp rate(read) do
    {micros, _} =
      :timer.tc(fn ->
        1..@readers
        |> Enum.map(fn _ -> Task.async(fn -> repeat(read, @reads_per_reader) end) end)
        |> Task.await_many(30_000)
      end)

    @readers * @reads_per_reader / (micros / 1_000_000)
  end

  defp repeat(_read, 0), do: :ok

  defp repeat(read, left) do
    4_096 = read.()
    repeat(read, left - 1)
  end

  defp catch_error(fun) do
    fun.()
  rescue
    error -> error.__struct__
  end
end
