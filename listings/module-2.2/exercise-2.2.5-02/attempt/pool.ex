# Your attempt: write the functions and run `cargo xtask exercise 2.2.5-2`.
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

  # ANCHOR: starter
  @doc """
  Starts the pool, registered as `opts[:name]`, linked to the caller; at most
  `opts[:max_workers]` jobs may run at the same time.
  """
  @spec start_link(keyword()) :: Supervisor.on_start()
  def start_link(_opts) do
    raise "not written yet: a DynamicSupervisor has the option you need"
  end

  @doc """
  Runs `job` (a function of no arguments) in a new process under the pool and
  returns its pid, or `{:error, :busy}` if `max_workers` jobs are running.
  A job that crashes is not run again, and neither its crash nor its end
  affects the caller or the other jobs.
  """
  @spec run(atom(), (() -> any())) :: {:ok, pid()} | {:error, :busy}
  def run(_pool, _job) do
    raise "not written yet: start a child whose restart value fits a one-off job"
  end

  @doc "How many jobs are running now."
  @spec busy(atom()) :: non_neg_integer()
  def busy(_pool) do
    raise "not written yet: ask the supervisor"
  end

  # ANCHOR_END: starter
end
