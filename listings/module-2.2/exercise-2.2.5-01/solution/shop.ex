defmodule Shop do
  @moduledoc """
  The supervision tree of a small shop service, written down as data.
  """

  # ANCHOR: solution
  @spec start_tree(pid()) :: Supervisor.on_start()
  def start_tree(report_to) do
    core_children = [
      worker(:store, report_to),
      worker(:cache, report_to),
      Supervisor.child_spec(worker(:api, report_to), restart: :transient)
    ]

    core = %{
      id: :core,
      type: :supervisor,
      start:
        {Supervisor, :start_link,
         [core_children, [strategy: :rest_for_one, max_restarts: 2, max_seconds: 5]]}
    }

    Supervisor.start_link([worker(:metrics, report_to), core], strategy: :one_for_one)
  end

  defp worker(id, report_to), do: Supervisor.child_spec({Shop.Worker, {id, report_to}}, id: id)
  # ANCHOR_END: solution
end
