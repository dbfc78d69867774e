defmodule ChatLogTest do
  use ExUnit.Case, async: true

  @mib div(1_048_576, :erlang.system_info(:wordsize))

  test "parse/1 splits room, user and text, and refuses a line with fewer parts" do
    assert ChatLog.parse("lobby ada hello there") == {:ok, {"lobby", "ada", "hello there"}}
    assert ChatLog.parse("lobby ada") == {:error, :malformed}
  end

  @tag :tmp_dir
  test "the eager and the lazy count agree", %{tmp_dir: dir} do
    path = Path.join(dir, "log.txt")
    :ok = ChatLog.write_sample!(path, 1_000)
    assert ChatLog.count_eager(path, "lobby") == 333
    assert ChatLog.count_lazy(path, "lobby") == 333
    assert ChatLog.count_lazy(path, "help") == 333
    assert ChatLog.count_lazy(path, "random") == 334
  end

  @tag :tmp_dir
  test "under a 1 MiB heap cap the Enum count is killed and the Stream count finishes",
       %{tmp_dir: dir} do
    path = Path.join(dir, "log.txt")
    :ok = ChatLog.write_sample!(path, 200_000)

    assert ChatLog.run_capped(fn -> ChatLog.count_eager(path, "lobby") end, @mib) == :killed

    assert {:ok, 66_666, words} =
             ChatLog.run_capped(fn -> ChatLog.count_lazy(path, "lobby") end, @mib)

    assert words < @mib
  end

  test "run_capped/2 with no cap returns the result and the heap size it reached" do
    assert {:ok, 3, words} = ChatLog.run_capped(fn -> 1 + 2 end, 0)
    assert words > 0
  end

  @tag :capture_log
  test "run_capped/2 reports a function that raises instead of waiting for it forever" do
    assert {:exit, {%RuntimeError{message: "boom"}, _stacktrace}} =
             ChatLog.run_capped(fn -> raise "boom" end, 0)

    assert ChatLog.run_capped(fn -> exit(:shutdown) end, 0) == {:exit, :shutdown}
  end
end
