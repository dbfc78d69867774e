defmodule Cluster.Epmd do
  @moduledoc """
  Makes sure epmd, Erlang's port mapper daemon, answers on this machine before
  the node turns distribution on: `:net_kernel.start/1` fails with
  `:nodistribution` when there is no epmd to register with. `erl -name` would
  start one by itself, but a Mix node that goes distributed at run time does
  not. The daemon started here listens on 127.0.0.1 only, so nothing outside
  the machine can ask it which nodes run here.
  """

  @tries 100

  @doc "Starts `epmd -daemon` on loopback unless one answers; waits until it does."
  @spec ensure() :: :ok | {:error, :epmd_not_answering}
  def ensure do
    if answers?() do
      :ok
    else
      {_, 0} = System.cmd("epmd", ["-daemon", "-address", "127.0.0.1"])
      wait(@tries)
    end
  end

  # `-daemon` returns before the daemon listens.
  defp wait(0), do: {:error, :epmd_not_answering}

  defp wait(tries) do
    if answers?() do
      :ok
    else
      Process.sleep(20)
      wait(tries - 1)
    end
  end

  defp answers? do
    {_, status} = System.cmd("epmd", ["-names"], stderr_to_stdout: true)
    status == 0
  end
end
