defmodule Pool do
  @moduledoc """
  A pool of one-off jobs: each job is a process started on demand under a
  DynamicSupervisor, and at most `:max_workers` run at once, so a burst of
  requests is refused instead of exhausting the node.
  """

  @doc false
  def child_spec(opts) do
    %{
      id: Keyword.fetch!(opts, :name),
      start: {__MODULE__, :start_link, [opts]},
      type: :supervisor
    }
  end

  # ANCHOR: solution
  @spec start_link(keyword()) :: Supervisor.on_start()
  def start_link(opts) do
    DynamicSupervisor.start_link(
      strategy: :one_for_one,
      max_children: Keyword.fetch!(opts, :max_workers),
      name: Keyword.fetch!(opts, :name)
    )
  end

  @spec run(atom(), (() -> any())) :: {:ok, pid()} | {:error, :busy}
  def run(pool, job) do
    # Task's own child spec is :temporary already; saying so keeps the choice visible.
    spec = Supervisor.child_spec({Task, job}, restart: :temporary)

    case DynamicSupervisor.start_child(pool, spec) do
      {:ok, pid} -> {:ok, pid}
      {:error, :max_children} -> {:error, :busy}
    end
  end

  @spec busy(atom()) :: non_neg_integer()
  def busy(pool), do: DynamicSupervisor.count_children(pool).active
  # ANCHOR_END: solution
end
