defmodule MillionTest do
  use ExUnit.Case, async: true

  test "spawn_idle/1 starts processes that stay alive until told to stop" do
    {pids, micros} = Million.spawn_idle(1_000)
    assert length(pids) == 1_000
    assert micros >= 0
    assert Enum.all?(pids, &Process.alive?/1)

    assert Million.stop_all(pids) == :ok
    refute Enum.any?(pids, &Process.alive?/1)
  end

  test "spawn_idle/2 splits the spawning among the spawners it is given" do
    {pids, _} = Million.spawn_idle(10, 3)
    assert length(pids) == 10
    assert length(Enum.uniq(pids)) == 10
    assert Million.stop_all(pids) == :ok
  end

  test "an idle process is a few hundred words, most of them its initial heap" do
    {[pid], _} = Million.spawn_idle(1)
    {:memory, bytes} = Process.info(pid, :memory)
    {:total_heap_size, heap} = Process.info(pid, :total_heap_size)
    words = div(bytes, :erlang.system_info(:wordsize))
    assert heap <= words and words < 1_000
    Million.stop_all([pid])
  end
end
