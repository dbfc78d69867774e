defmodule Chat.HistoryLogTest do
  use ExUnit.Case, async: true

  alias Chat.HistoryLog

  @moduletag :tmp_dir

  test "appended messages are read back, the latest `keep` oldest first", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "a", 3)
    for n <- 1..5, do: :ok = HistoryLog.append(log, %{"n" => n})
    :ok = HistoryLog.close(log)

    {log, messages} = HistoryLog.open(dir, "a", 3)
    assert messages == [%{"n" => 3}, %{"n" => 4}, %{"n" => 5}]
    :ok = HistoryLog.close(log)
  end

  test "a torn last record is cut off, and appends continue after it", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "b", 10)
    :ok = HistoryLog.append(log, %{"n" => 1})
    :ok = HistoryLog.close(log)
    path = Path.join([dir, "rooms", "b.log"])
    # Half a record, as a crash in the middle of a write could leave.
    File.write!(path, <<0, 0, 0, 50, 1, 2, 3>>, [:append])

    {log, [%{"n" => 1}]} = HistoryLog.open(dir, "b", 10)
    :ok = HistoryLog.append(log, %{"n" => 2})
    :ok = HistoryLog.close(log)
    assert {_, [%{"n" => 1}, %{"n" => 2}]} = HistoryLog.open(dir, "b", 10)
  end

  test "a long log is compacted to its tail when opened", %{tmp_dir: dir} do
    {log, []} = HistoryLog.open(dir, "c", 5)
    for n <- 1..1_001, do: :ok = HistoryLog.append(log, %{"n" => n})
    :ok = HistoryLog.close(log)
    size_before = File.stat!(Path.join([dir, "rooms", "c.log"])).size

    {log, messages} = HistoryLog.open(dir, "c", 5)
    assert Enum.map(messages, & &1["n"]) == Enum.to_list(997..1_001)
    :ok = HistoryLog.close(log)
    assert File.stat!(Path.join([dir, "rooms", "c.log"])).size < size_before / 100
  end
end
