defmodule Sink do
  @moduledoc """
  A consumer that is slower than its producers: each event costs it a fixed
  amount of busy work. It can also be paused, holding it inside a callback, so
  that what arrives meanwhile stays in its mailbox and can be counted exactly.
  """

  use GenServer

  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []) do
    {work_us, opts} = Keyword.pop(opts, :work_us, 0)
    GenServer.start_link(__MODULE__, work_us, opts)
  end

  @doc "Sends an event and returns at once."
  @spec notify(GenServer.server(), term()) :: :ok
  def notify(sink, event), do: GenServer.cast(sink, {:event, event})

  @doc "Sends an event and waits until the sink has handled it."
  @spec deliver(GenServer.server(), term()) :: :ok
  def deliver(sink, event), do: GenServer.call(sink, {:event, event}, 10_000)

  @doc "Holds the sink inside a callback until `resume/1`; returns when it is held."
  @spec pause(GenServer.server()) :: :ok
  def pause(sink), do: GenServer.call(sink, :pause)

  @spec resume(GenServer.server()) :: :ok
  def resume(sink) do
    send(sink, :resume)
    :ok
  end

  @doc "Events handled so far."
  @spec handled(GenServer.server()) :: non_neg_integer()
  def handled(sink), do: GenServer.call(sink, :handled, 60_000)

  @impl true
  def init(work_us), do: {:ok, %{work_us: work_us, handled: 0}}

  @impl true
  def handle_cast({:event, _event}, state), do: {:noreply, work(state)}

  @impl true
  def handle_call({:event, _event}, _from, state), do: {:reply, :ok, work(state)}

  def handle_call(:pause, from, state) do
    GenServer.reply(from, :ok)

    # A receive inside a callback: on purpose, the sink handles nothing else.
    receive do
      :resume -> {:noreply, state}
    end
  end

  def handle_call(:handled, _from, state), do: {:reply, state.handled, state}

  # Busy work rather than a sleep, so the sink is slow the way real work is.
  defp work(%{work_us: work_us} = state) do
    deadline = System.monotonic_time(:microsecond) + work_us
    spin(deadline)
    %{state | handled: state.handled + 1}
  end

  defp spin(deadline) do
    if System.monotonic_time(:microsecond) < deadline, do: spin(deadline), else: :ok
  end
end
