defmodule PoolTest do
  use ExUnit.Case, async: true

  # What "done" means for Exercise 2.2.5-2.

  setup context do
    pool = :"pool_#{context.line}"
    start_supervised!({Pool, name: pool, max_workers: 2})
    %{pool: pool}
  end

  # A job that says it runs, then waits for :finish or :crash.
  defp job(test) do
    fn ->
      send(test, {:running, self()})

      receive do
        :finish -> :ok
        :crash -> raise "job failed"
      end
    end
  end

  defp start_job(pool) do
    {:ok, pid} = Pool.run(pool, job(self()))
    assert_receive {:running, ^pid}
    {pid, Process.monitor(pid)}
  end

  test "runs jobs in their own processes, up to the cap, and refuses one more", %{pool: pool} do
    {one, _} = start_job(pool)
    {two, _} = start_job(pool)
    assert one != two and one != self()
    assert Pool.busy(pool) == 2
    assert Pool.run(pool, job(self())) == {:error, :busy}
    refute_received {:running, _}
  end

  test "a job that ends frees its slot", %{pool: pool} do
    {one, ref} = start_job(pool)
    start_job(pool)
    send(one, :finish)
    assert_receive {:DOWN, ^ref, :process, ^one, :normal}
    assert Pool.busy(pool) == 1
    start_job(pool)
    assert Pool.busy(pool) == 2
  end

  @tag :capture_log
  test "a job that crashes is not run again, and the caller and the other jobs go on",
       %{pool: pool} do
    {doomed, ref} = start_job(pool)
    {other, _} = start_job(pool)
    send(doomed, :crash)
    assert_receive {:DOWN, ^ref, :process, ^doomed, {%RuntimeError{message: "job failed"}, _}}
    assert Pool.busy(pool) == 1
    refute_received {:running, _}
    assert Process.alive?(other)
    assert Process.alive?(self())
  end

  test "the pool is found by its name, and two pools do not share their cap", %{pool: pool} do
    start_supervised!({Pool, name: :other_pool, max_workers: 1})
    start_job(pool)
    start_job(pool)
    {:ok, _} = Pool.run(:other_pool, job(self()))
    assert_receive {:running, _}
    assert Pool.busy(:other_pool) == 1
    assert Pool.busy(pool) == 2
  end
end
