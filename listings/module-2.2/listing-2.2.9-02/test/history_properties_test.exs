defmodule HistoryPropertiesTest do
  # The stateful properties register the history as :history, so this
  # module's tests run one at a time (async: false).
  use ExUnit.Case, async: false

  import :proper_types, only: [integer: 0, list: 1]

  # ANCHOR: quickcheck
  # PropEr 1.2 has no seed option: it seeds from the clock unless the calling
  # process already holds a `:rand` state (undocumented; see proper_arith). ExUnit
  # seeds each test process from --seed, so seeding here makes the runs, and the
  # counterexample the last test checks, the same whatever that seed is.
  defp check(property, numtests) do
    :rand.seed(:exsplus, {2026, 12, 4})
    :proper.quickcheck(property, [{:numtests, numtests}, :nocolors])
  end

  # ANCHOR_END: quickcheck

  # ANCHOR: stateless
  test "whatever is pushed, recent/1 is the last three, oldest first" do
    property =
      :proper.forall(list(integer()), fn messages ->
        history = start_supervised!({BoundedHistory, limit: 3})
        Enum.each(messages, &BoundedHistory.push(history, &1))
        result = BoundedHistory.recent(history) == Enum.take(messages, -3)
        :ok = stop_supervised(BoundedHistory)
        result
      end)

    assert check(property, 200)
  end

  # ANCHOR_END: stateless

  # ANCHOR: stateful
  defp stateful(impl) do
    name = :history

    :proper.forall(
      :proper_statem.commands(HistoryModel, HistoryModel.initial_state(impl, name, 3)),
      fn commands ->
        start_supervised!({impl, name: name, limit: 3})
        {_history, _model, result} = :proper_statem.run_commands(HistoryModel, commands)
        :ok = stop_supervised(impl)
        result == :ok
      end
    )
  end

  test "BoundedHistory behaves like the model" do
    assert check(stateful(BoundedHistory), 200)
  end

  test "the model finds LeakyHistory's bug and shrinks it to four pushes and a read" do
    refute check(stateful(LeakyHistory), 200)
    [commands] = :proper.counterexample()

    calls = for {:set, _var, {:call, _, function, _args}} <- commands, do: function
    assert calls == [:push, :push, :push, :push, :recent]
  end

  # ANCHOR_END: stateful
end
