defmodule Chat.Endpoint do
  @moduledoc """
  The TCP side: a supervisor (`:rest_for_one`) over the connection
  supervisor, the listener that owns the listening socket, and the acceptors.

  An acceptor blocks in `:gen_tcp.accept/1`, starts a `Chat.Connection` for
  the new socket, hands the socket over with `:gen_tcp.controlling_process/2`
  and goes back to accepting; the connection only starts reading once it owns
  the socket (`:socket_ready`). A few acceptors share the listening socket so
  one slow hand-over does not stall new clients. If the listener dies the
  acceptors go with it (`:rest_for_one`), and connections already open are
  untouched because they live under the supervisor started first. An
  acceptor that finds the node out of file descriptors (`:emfile`, `:enfile`)
  waits 100 ms before it tries again rather than spinning.
  """

  use Supervisor

  @acceptors 4
  @fd_backoff_ms 100

  @doc false
  def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @doc "The port the listener is bound to."
  @spec port() :: :inet.port_number()
  def port, do: Chat.Endpoint.Listener.port()

  # ANCHOR: supervision_endpoint
  @impl true
  def init(opts) do
    acceptors =
      for n <- 1..@acceptors do
        Supervisor.child_spec({Task, &accept_loop/0}, id: {:acceptor, n}, restart: :permanent)
      end

    children =
      [
        {DynamicSupervisor, name: Chat.ConnectionSupervisor, strategy: :one_for_one},
        {Chat.Endpoint.Listener, opts}
      ] ++ acceptors

    Supervisor.init(children, strategy: :rest_for_one)
  end

  # ANCHOR_END: supervision_endpoint

  defp accept_loop do
    listen = Chat.Endpoint.Listener.socket()

    case :gen_tcp.accept(listen) do
      {:ok, socket} ->
        case DynamicSupervisor.start_child(Chat.ConnectionSupervisor, {Chat.Connection, socket}) do
          {:ok, pid} ->
            :ok = :gen_tcp.controlling_process(socket, pid)
            send(pid, :socket_ready)

          {:error, _} ->
            :gen_tcp.close(socket)
        end

        accept_loop()

      {:error, :econnaborted} ->
        accept_loop()

      # Out of file descriptors: accepting again at once would fail again at
      # once, a busy loop on a core. Wait for connections to close.
      {:error, reason} when reason in [:emfile, :enfile] ->
        Process.sleep(@fd_backoff_ms)
        accept_loop()

      {:error, reason} ->
        exit({:accept_failed, reason})
    end
  end

  defmodule Listener do
    @moduledoc "Owns the listening socket, so that it lives as long as this process."
    use GenServer

    @doc false
    def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

    @doc "The listening socket."
    @spec socket() :: :gen_tcp.socket()
    def socket, do: GenServer.call(__MODULE__, :socket)

    @doc "The bound port."
    @spec port() :: :inet.port_number()
    def port, do: GenServer.call(__MODULE__, :port)

    @impl true
    def init(opts) do
      {:ok, socket} =
        :gen_tcp.listen(Keyword.fetch!(opts, :port), [
          :binary,
          ip: Keyword.fetch!(opts, :ip),
          active: false,
          reuseaddr: true,
          backlog: 1024,
          nodelay: true,
          # A client that stops reading must not block its connection process forever.
          send_timeout: 5_000,
          send_timeout_close: true
        ])

      {:ok, port} = :inet.port(socket)
      {:ok, %{socket: socket, port: port}}
    end

    @impl true
    def handle_call(:socket, _from, state), do: {:reply, state.socket, state}
    def handle_call(:port, _from, state), do: {:reply, state.port, state}
  end
end
