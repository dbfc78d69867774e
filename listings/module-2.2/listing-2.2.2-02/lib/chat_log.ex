defmodule ChatLog do
  @moduledoc """
  Counts the messages of one room in a chat log file, eagerly with `Enum` and lazily with
  `Stream`, and shows the difference in memory with a hard cap on a process's heap.

  Each line of the log is `ROOM USER TEXT`. The eager version reads the whole file, splits it
  into a list of lines, parses that list into a list of tuples, filters it into a third list and
  counts the last: every step finishes before the next starts, and each holds a whole list. The
  lazy version describes the same steps as a stream and lets `Enum.count/1` pull one line at a
  time through all of them, so only the line in hand is alive.

  To make the difference visible without guessing at the garbage collector, `run_capped/2` runs
  a function in a process whose heap may not grow past a given number of words (the
  `:max_heap_size` process flag): a function that needs more is killed by the runtime.
  """

  @rooms ~w(lobby random help)
  @users ~w(ada bob cy dee eve)

  # ANCHOR: write
  @doc "Writes a log of `count` lines to `path`, built lazily and written as it is produced."
  @spec write_sample!(Path.t(), pos_integer()) :: :ok
  def write_sample!(path, count) do
    1..count
    |> Stream.map(&sample_line/1)
    |> Stream.into(File.stream!(path))
    |> Stream.run()
  end

  defp sample_line(n) do
    room = Enum.at(@rooms, rem(n, length(@rooms)))
    user = Enum.at(@users, rem(n, length(@users)))
    "#{room} #{user} message number #{n}\n"
  end

  # ANCHOR_END: write

  # ANCHOR: count
  @doc "Counts `room`'s messages by building each intermediate list in full."
  @spec count_eager(Path.t(), String.t()) :: non_neg_integer()
  def count_eager(path, room) do
    path
    |> File.read!()
    |> String.split("\n", trim: true)
    |> Enum.map(&parse/1)
    |> Enum.filter(&match?({:ok, {^room, _user, _text}}, &1))
    |> Enum.count()
  end

  @doc "Counts `room`'s messages by pulling one line at a time through every step."
  @spec count_lazy(Path.t(), String.t()) :: non_neg_integer()
  def count_lazy(path, room) do
    path
    |> File.stream!()
    |> Stream.map(&String.trim_trailing(&1, "\n"))
    |> Stream.map(&parse/1)
    |> Stream.filter(&match?({:ok, {^room, _user, _text}}, &1))
    |> Enum.count()
  end

  @doc "Splits a line into room, user and text."
  @spec parse(String.t()) :: {:ok, {String.t(), String.t(), String.t()}} | {:error, :malformed}
  def parse(line) do
    case String.split(line, " ", parts: 3) do
      [room, user, text] -> {:ok, {room, user, text}}
      _other -> {:error, :malformed}
    end
  end

  # ANCHOR_END: count

  # ANCHOR: capped
  @doc """
  Runs `fun` in a new process whose heap may hold at most `max_words` words (0: no limit).
  Returns `{:ok, result, words}`, where `words` is the size the process's heap had reached
  when `fun` returned, `:killed` if the process needed more than the limit, or
  `{:exit, reason}` if `fun` raised or exited.
  """
  @spec run_capped((() -> term()), non_neg_integer()) ::
          {:ok, term(), pos_integer()} | :killed | {:exit, term()}
  def run_capped(fun, max_words) do
    parent = self()

    {pid, monitor} =
      spawn_monitor(fn ->
        # error_logger: false because being killed is the outcome we are testing for, not a bug.
        Process.flag(:max_heap_size, %{size: max_words, kill: true, error_logger: false})
        result = fun.()
        {:total_heap_size, words} = Process.info(self(), :total_heap_size)
        send(parent, {:result, self(), result, words})
      end)

    receive do
      {:result, ^pid, result, words} ->
        Process.demonitor(monitor, [:flush])
        {:ok, result, words}

      {:DOWN, ^monitor, :process, ^pid, :killed} ->
        :killed

      {:DOWN, ^monitor, :process, ^pid, reason} ->
        {:exit, reason}
    end
  end

  # ANCHOR_END: capped

  @doc "Writes a sample log and counts one room both ways, without a heap cap and with one."
  @spec main() :: :ok
  def main do
    lines = 200_000
    mib = div(1_048_576, :erlang.system_info(:wordsize))
    path = Path.join(System.tmp_dir!(), "chat-log-#{System.unique_integer([:positive])}.txt")

    try do
      write_sample!(path, lines)
      IO.puts("log: #{lines} lines, #{File.stat!(path).size} bytes")

      for {cap, cap_name} <- [{0, "no heap cap"}, {mib, "1 MiB heap cap"}],
          {name, count} <- [{"Enum", &count_eager/2}, {"Stream", &count_lazy/2}] do
        {microseconds, outcome} =
          :timer.tc(fn -> run_capped(fn -> count.(path, "lobby") end, cap) end)

        IO.puts(
          "#{String.pad_trailing(name, 6)} #{String.pad_trailing(cap_name, 14)} " <>
            "#{describe(outcome, mib)}, #{ms(microseconds)}"
        )
      end
    after
      File.rm(path)
    end

    :ok
  end

  defp describe({:ok, count, words}, mib),
    do: "#{count} messages in lobby, heap #{div(words * 1024, mib)} KiB at the end"

  defp describe(:killed, _mib), do: "killed by the runtime"

  defp ms(microseconds), do: "#{Float.round(microseconds / 1000, 1)} ms"
end
