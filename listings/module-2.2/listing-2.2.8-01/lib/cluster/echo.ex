defmodule Cluster.Echo do
  @moduledoc """
  A registered process that answers `{:ping, from, text}` with
  `{:pong, node(), text}`: enough to show a message crossing from one node to
  another and back, addressed by pid or by `{name, node}`.
  """

  use GenServer

  @doc "Starts the echo server on the calling node, registered as `:echo`."
  @spec start() :: {:ok, pid()} | {:error, term()}
  def start, do: GenServer.start(__MODULE__, nil, name: :echo)

  @impl true
  def init(nil), do: {:ok, nil}

  @impl true
  def handle_info({:ping, from, text}, state) do
    send(from, {:pong, node(), text})
    {:noreply, state}
  end
end
