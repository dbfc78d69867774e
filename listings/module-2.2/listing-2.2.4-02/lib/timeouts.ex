defmodule Timeouts do
  @moduledoc """
  Three calls to a server that needs 300 ms, each given 100 ms: one through
  `GenServer.call/3` that catches the exit, one that does not catch it (in a
  process of its own, so that its death can be watched), and one made by hand
  the way callers did before OTP 24, with a plain reference as the reply tag.
  """

  @work_ms 300
  @timeout_ms 100

  # ANCHOR: caught
  @spec main() :: :ok
  def main do
    {:ok, server} = SlowServer.start_link()

    caught =
      try do
        SlowServer.work(server, @work_ms, @timeout_ms)
      catch
        :exit, {:timeout, {GenServer, :call, [_server, request, timeout]}} ->
          {:timeout, request, timeout}
      end

    IO.puts("1. the caller caught an exit: #{inspect(caught)}")
    # Wait until the server has finished, then look for its reply.
    IO.puts("   the server finished #{SlowServer.finished(server)} request(s)")
    IO.puts("   late reply in the caller's mailbox: #{inspect(mailbox())}")
    # ANCHOR_END: caught

    # ANCHOR: uncaught
    {caller, ref} = spawn_monitor(fn -> SlowServer.work(server, @work_ms, @timeout_ms) end)

    receive do
      {:DOWN, ^ref, :process, ^caller, {reason, {GenServer, :call, _}}} ->
        IO.puts("2. an uncaught timeout killed the caller, reason #{inspect(reason)}")
    end

    IO.puts("   the server, not linked to it, finished #{SlowServer.finished(server)} request(s)")
    # ANCHOR_END: uncaught

    # ANCHOR: by_hand
    tag = make_ref()
    send(server, {:"$gen_call", {self(), tag}, {:work, @work_ms}})

    receive do
      {^tag, reply} -> IO.puts("3. reply in time: #{inspect(reply)}")
    after
      @timeout_ms -> IO.puts("3. a hand-made call with a plain reference gave up")
    end

    SlowServer.finished(server)
    IO.puts("   late reply in the caller's mailbox: #{inspect(mailbox())}")
    # ANCHOR_END: by_hand
  end

  # Everything waiting in this process's mailbox, references hidden.
  defp mailbox do
    {:messages, messages} = Process.info(self(), :messages)

    Enum.map(messages, fn
      {tag, reply} when is_reference(tag) -> {:reference, reply}
      other -> other
    end)
  end
end
