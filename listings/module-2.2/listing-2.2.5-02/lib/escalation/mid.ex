defmodule Escalation.Mid do
  @moduledoc """
  The middle supervisor: one worker, `:flaky`, and a low restart intensity
  (two restarts in five seconds), so a third crash in that window makes it
  give up. It reports its own start too, so the demo can see its parent start
  it again.
  """

  use Supervisor

  @spec start_link(pid()) :: Supervisor.on_start()
  def start_link(report_to), do: Supervisor.start_link(__MODULE__, report_to)

  # ANCHOR: mid
  @impl true
  def init(report_to) do
    send(report_to, {:started, :mid, self()})
    children = [Supervisor.child_spec({Escalation.Worker, {:flaky, report_to}}, id: :flaky)]
    Supervisor.init(children, strategy: :one_for_one, max_restarts: 2, max_seconds: 5)
  end

  # ANCHOR_END: mid
end
