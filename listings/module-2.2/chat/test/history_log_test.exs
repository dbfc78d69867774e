defmodule Chat.HistoryLogTest do
  use ExUnit.Case, async: true

  alias Chat.HistoryLog

  @moduletag :tmp_dir

  test "appended messages are read back, the latest `keep` oldest first", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "a", 3)
    log = Enum.reduce(1..5, log, &HistoryLog.append(&2, %{"n" => &1}))
    :ok = HistoryLog.close(log)

    {log, messages} = HistoryLog.open(dir, "a", 3)
    assert messages == [%{"n" => 3}, %{"n" => 4}, %{"n" => 5}]
    :ok = HistoryLog.close(log)
  end

  test "a torn last record is cut off, and appends continue after it", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "b", 10)
    log = HistoryLog.append(log, %{"n" => 1})
    :ok = HistoryLog.close(log)
    path = Path.join([dir, "rooms", "b.log"])
    # Half a record, as a crash in the middle of a write could leave.
    File.write!(path, <<0, 0, 0, 50, 0, 0, 0, 0, 1, 2, 3>>, [:append])

    {log, [%{"n" => 1}]} = HistoryLog.open(dir, "b", 10)
    log = HistoryLog.append(log, %{"n" => 2})
    :ok = HistoryLog.close(log)
    assert {_, [%{"n" => 1}, %{"n" => 2}]} = HistoryLog.open(dir, "b", 10)
  end

  test "a long log is compacted to its tail when opened", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "c", 5)
    log = Enum.reduce(1..1_001, log, &HistoryLog.append(&2, %{"n" => &1}))
    :ok = HistoryLog.close(log)
    size_before = File.stat!(Path.join([dir, "rooms", "c.log"])).size

    {log, messages} = HistoryLog.open(dir, "c", 5)
    assert Enum.map(messages, & &1["n"]) == Enum.to_list(997..1_001)
    :ok = HistoryLog.close(log)
    assert File.stat!(Path.join([dir, "rooms", "c.log"])).size < size_before / 100
  end

  test "a log with no messages has no file", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "empty", 5)
    :ok = HistoryLog.close(log)
    refute File.exists?(Path.join([dir, "rooms", "empty.log"]))

    # An empty file left by an older version is removed at open.
    File.write!(Path.join([dir, "rooms", "empty.log"]), "")
    {log, []} = HistoryLog.open(dir, "empty", 5)
    :ok = HistoryLog.close(log)
    refute File.exists?(Path.join([dir, "rooms", "empty.log"]))
  end

  test "a corrupt record in the middle is skipped and the ones after it are kept",
       %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "d", 10)
    log = Enum.reduce(1..3, log, &HistoryLog.append(&2, %{"n" => &1}))
    :ok = HistoryLog.close(log)
    path = Path.join([dir, "rooms", "d.log"])
    data = File.read!(path)
    first = div(byte_size(data), 3)
    # Flip one byte inside the second record's payload.
    at = first + 12
    <<before::binary-size(at), byte, rest::binary>> = data
    File.write!(path, [before, Bitwise.bxor(byte, 0xFF), rest])

    {log, messages} = HistoryLog.open(dir, "d", 10)
    assert messages == [%{"n" => 1}, %{"n" => 3}]
    log = HistoryLog.append(log, %{"n" => 4})
    :ok = HistoryLog.close(log)
    assert {_, [%{"n" => 1}, %{"n" => 3}, %{"n" => 4}]} = HistoryLog.open(dir, "d", 10)
  end

  test "a corrupt last record is cut off like a torn one", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "e", 10)
    log = Enum.reduce(1..2, log, &HistoryLog.append(&2, %{"n" => &1}))
    :ok = HistoryLog.close(log)
    path = Path.join([dir, "rooms", "e.log"])
    data = File.read!(path)
    size = byte_size(data)
    <<before::binary-size(size - 1), byte>> = data
    File.write!(path, [before, Bitwise.bxor(byte, 0xFF)])

    {log, [%{"n" => 1}]} = HistoryLog.open(dir, "e", 10)
    :ok = HistoryLog.close(log)
    assert File.stat!(path).size == div(size, 2)
  end

  test "a temporary file left by a crash during compaction is removed", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "f", 10)
    log = HistoryLog.append(log, %{"n" => 1})
    :ok = HistoryLog.close(log)
    tmp = Path.join([dir, "rooms", "f.log.tmp"])
    File.write!(tmp, "half a compaction")

    assert {log, [%{"n" => 1}]} = HistoryLog.open(dir, "f", 10)
    :ok = HistoryLog.close(log)
    refute File.exists?(tmp)
  end

  test "a log is compacted while it is written, not only at open", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "g", 5)

    log =
      Enum.reduce(1..1_100, log, fn n, log ->
        log |> HistoryLog.append(%{"n" => n}) |> HistoryLog.compact([%{"n" => n}])
      end)

    assert log.count == 100
    :ok = HistoryLog.close(log)
    {log, messages} = HistoryLog.open(dir, "g", 5)
    assert List.last(messages) == %{"n" => 1_100}
    assert length(messages) == 5
    :ok = HistoryLog.close(log)
  end
end
