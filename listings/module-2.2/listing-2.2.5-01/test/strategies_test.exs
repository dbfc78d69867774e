defmodule StrategiesTest do
  use ExUnit.Case, async: true

  alias Strategies.Worker

  defp start(strategy) do
    sup =
      start_supervised!(%{
        id: strategy,
        start: {Supervisor, :start_link, [Strategies.children(self()), [strategy: strategy]]},
        type: :supervisor
      })

    for name <- [:a, :b, :c], do: assert_receive({:started, ^name, _})
    sup
  end

  test "one_for_one restarts only the child that died" do
    sup = start(:one_for_one)
    assert Strategies.kill_and_compare(sup, :b) == %{restarted: [:b], kept: [:a, :c]}
  end

  test "rest_for_one restarts the child that died and those started after it" do
    sup = start(:rest_for_one)
    assert Strategies.kill_and_compare(sup, :b) == %{restarted: [:b, :c], kept: [:a]}
    assert Strategies.kill_and_compare(sup, :c) == %{restarted: [:c], kept: [:a, :b]}
    assert Strategies.kill_and_compare(sup, :a) == %{restarted: [:a, :b, :c], kept: []}
  end

  test "one_for_all restarts every child" do
    sup = start(:one_for_all)
    assert Strategies.kill_and_compare(sup, :c) == %{restarted: [:a, :b, :c], kept: []}
  end

  test "a restarted worker starts from its initial state; the others keep theirs" do
    sup = start(:one_for_one)
    for {_, pid} <- Strategies.pids(sup), do: Worker.bump(pid)
    Strategies.kill_and_compare(sup, :b)
    counts = for {name, pid} <- Strategies.pids(sup), into: %{}, do: {name, Worker.count(pid)}
    assert counts == %{a: 1, b: 0, c: 1}
  end
end
