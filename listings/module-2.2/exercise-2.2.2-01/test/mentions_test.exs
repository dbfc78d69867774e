defmodule MentionsTest do
  use ExUnit.Case, async: true

  # A backstop: an answer that never returns fails in seconds, not in a minute.
  @moduletag timeout: 5_000

  # An Enum-based answer builds an ever longer list from an endless stream. Running it in a
  # process whose heap may not pass 8 MiB gets it killed in a moment, before it eats the
  # machine's memory; a lazy answer needs a small fraction of that.
  @heap_words div(8 * 1_048_576, :erlang.system_info(:wordsize))

  @log [
    "lobby ada hello everyone\n",
    "lobby bob hi @ada, welcome back\n",
    "broken\n",
    "help cy @adam can you look at this?\n",
    "random dee @ada: lunch?\n",
    "lobby eve thanks @ada!\n"
  ]

  test "finds mentions in order, as {room, from, text}, without the newline" do
    assert Mentions.first_mentions(@log, "ada", 2) == [
             {"lobby", "bob", "hi @ada, welcome back"},
             {"random", "dee", "@ada: lunch?"}
           ]
  end

  test "a longer name that starts with the user's is not a mention of them" do
    mentions = Mentions.first_mentions(@log, "ada", 5)
    refute {"help", "cy", "@adam can you look at this?"} in mentions
    assert length(mentions) == 3

    assert Mentions.first_mentions(@log, "adam", 5) == [
             {"help", "cy", "@adam can you look at this?"}
           ]
  end

  test "a mention may be set off by brackets or a tab, and CRLF endings are dropped" do
    log = ["lobby bob ask cy (@ada) first\r\n", "help cy thanks\t@ada\r\n"]

    assert Mentions.first_mentions(log, "ada", 2) == [
             {"lobby", "bob", "ask cy (@ada) first"},
             {"help", "cy", "thanks\t@ada"}
           ]
  end

  test "returns fewer than n when the log runs out, and nothing for n = 0" do
    assert length(Mentions.first_mentions(@log, "ada", 10)) == 3
    assert Mentions.first_mentions(@log, "ada", 0) == []
    assert Mentions.first_mentions([], "ada", 3) == []
  end

  test "malformed lines and lines without newlines are handled" do
    assert Mentions.first_mentions(["@ada", "x y", "lobby bob @ada"], "ada", 1) ==
             [{"lobby", "bob", "@ada"}]
  end

  test "works on a log that never ends, in a small heap" do
    endless = Stream.cycle(@log)

    case with_small_heap(fn -> Mentions.first_mentions(endless, "ada", 100) end) do
      {:ok, mentions} ->
        assert length(mentions) == 100

      {:died, :killed} ->
        flunk("the heap passed 8 MiB: some step builds a whole list from an endless stream")

      {:died, reason} ->
        flunk("first_mentions/3 crashed: #{inspect(reason)}")
    end
  end

  test "stops reading at the nth mention" do
    test = self()

    counted =
      @log
      |> Stream.with_index(1)
      |> Stream.map(fn {line, number} ->
        send(test, {:read, number})
        line
      end)

    assert [_, _] = Mentions.first_mentions(counted, "ada", 2)
    # The second mention is on line 5: line 6 must never have been read.
    assert_received {:read, 5}
    refute_received {:read, 6}
  end

  defp with_small_heap(fun) do
    test = self()

    {pid, monitor} =
      spawn_monitor(fn ->
        Process.flag(:max_heap_size, %{size: @heap_words, kill: true, error_logger: false})
        send(test, {:done, self(), fun.()})
      end)

    receive do
      {:done, ^pid, result} ->
        Process.demonitor(monitor, [:flush])
        {:ok, result}

      {:DOWN, ^monitor, :process, ^pid, reason} ->
        {:died, reason}
    end
  end
end
