defmodule Escalation do
  @moduledoc """
  A tree of three levels, `top` over `mid` over `:flaky`, and a demo that kills
  `:flaky` again and again to show restart intensity at work: `mid` restarts it
  twice, gives up at the third crash, and `top` (the defaults: three restarts in
  five seconds) starts a fresh `mid`; when `mid` has failed a fourth time, `top`
  gives up as well and exits, which is what its own parent would see.

  Every wait is for a message: a `{:started, name, pid}` from a new process, or
  the `{:EXIT, top, reason}` that the demo, trapping exits, gets when `top`
  stops.
  """

  @doc "Starts `top`, whose one child is `Escalation.Mid`."
  @spec start_top(pid()) :: Supervisor.on_start()
  def start_top(report_to) do
    # ANCHOR: top
    Supervisor.start_link([{Escalation.Mid, report_to}], strategy: :one_for_one)
    # ANCHOR_END: top
  end

  @doc """
  Kills `:flaky` once and says who dealt with it: `:mid` (it restarted the
  worker), `:top` (`mid` gave up and `top` started a new one) or
  `{:gave_up, reason}` (`top` itself stopped). Needs the caller to trap exits.
  """
  @spec crash_once(pid()) :: :mid | :top | {:gave_up, term()}
  def crash_once(top) do
    mid = child(top, Escalation.Mid)
    flaky = child(mid, :flaky)
    drop_reports(:flaky)
    Process.exit(flaky, :kill)

    receive do
      {:started, :flaky, new} when new != flaky ->
        if child(top, Escalation.Mid) == mid, do: :mid, else: :top

      {:EXIT, ^top, reason} ->
        {:gave_up, reason}
    end
  end

  # Reports of earlier starts: the supervisors have answered since, so none is in flight.
  defp drop_reports(name) do
    receive do
      {:started, ^name, _} -> drop_reports(name)
    after
      0 -> :ok
    end
  end

  defp child(supervisor, id) do
    {^id, pid, _, _} = List.keyfind(Supervisor.which_children(supervisor), id, 0)
    pid
  end

  # ANCHOR: main
  @doc "Crashes `:flaky` until `top` gives up, then starts a child that cannot start."
  @spec main() :: :ok
  def main do
    Process.flag(:trap_exit, true)
    {:ok, top} = start_top(self())
    crash_until_top_gives_up(top, 1)

    children = [{Escalation.Worker, {:broken, {:bad_config, :port}}}]

    IO.puts(
      "a child that fails to start: #{inspect(Supervisor.start_link(children, strategy: :one_for_one))}"
    )

    :ok
  end

  defp crash_until_top_gives_up(top, n) do
    label = "crash #{String.pad_leading(Integer.to_string(n), 2)}: "

    case crash_once(top) do
      :mid ->
        IO.puts(label <> "mid restarted flaky")
        crash_until_top_gives_up(top, n + 1)

      :top ->
        IO.puts(label <> "mid gave up; top started a new mid, and with it a new flaky")
        crash_until_top_gives_up(top, n + 1)

      {:gave_up, reason} ->
        IO.puts(label <> "mid gave up, and top too: top exited with #{inspect(reason)}")
    end
  end

  # ANCHOR_END: main
end
