# Your attempt: write the function and run `cargo xtask exercise 2.2.3-2`.
defmodule Watcher do
  @moduledoc """
  Runs jobs in processes of their own and reports how each one ended, so that one job that
  crashes or hangs costs only itself: the caller is not linked to any of them, and a job still
  running at the deadline is killed rather than left behind.
  """

  @type report :: %{finished: [term()], died: %{term() => term()}, killed: [term()]}

  # ANCHOR: starter
  @doc """
  Runs each `{name, fun}` of `jobs` in a new process, and waits at most `timeout` milliseconds
  in all for them to end.

  Returns a report: `finished` lists (sorted) the names of the jobs whose process ended with
  reason `:normal`; `died` maps the name of each job that ended otherwise to its exit reason;
  `killed` lists (sorted) the jobs still running at the deadline, which are killed, and have
  ended by the time `watch/2` returns. The caller survives every job, and no message about
  them is left in its mailbox.
  """
  @spec watch([{term(), (() -> term())}], non_neg_integer()) :: report()
  def watch(_jobs, _timeout) do
    raise "not written yet: spawn_monitor each job, then receive :DOWN messages until a deadline"
  end

  # ANCHOR_END: starter
end
