defmodule UnreadModelTest do
  # The property registers the server under one name: one test at a time.
  use ExUnit.Case, async: false

  defp property(impl) do
    :proper.forall(
      :proper_statem.commands(UnreadModel, UnreadModel.initial_state(impl, :unread)),
      fn commands ->
        start_supervised!({impl, name: :unread})
        {_history, _model, result} = :proper_statem.run_commands(UnreadModel, commands)
        :ok = stop_supervised(impl)
        result == :ok
      end
    )
  end

  defp check(property) do
    :rand.seed(:exsplus, {2026, 12, 4})
    :proper.quickcheck(property, [{:numtests, 300}, :nocolors, :quiet])
  end

  test "the model tracks posts and reads per user" do
    model = UnreadModel.initial_state(Unread, :unread)
    model = UnreadModel.next_state(model, :ok, {:call, Unread, :post, [:unread, "ada"]})
    model = UnreadModel.next_state(model, :ok, {:call, Unread, :post, [:unread, "ada"]})
    model = UnreadModel.next_state(model, :ok, {:call, Unread, :post, [:unread, "bob"]})
    model = UnreadModel.next_state(model, :ok, {:call, Unread, :mark_read, [:unread, "bob"]})
    assert UnreadModel.next_state(model, 2, {:call, Unread, :unread, [:unread, "ada"]}) == model

    assert UnreadModel.postcondition(model, {:call, Unread, :unread, [:unread, "ada"]}, 2)
    assert UnreadModel.postcondition(model, {:call, Unread, :unread, [:unread, "bob"]}, 0)
    refute UnreadModel.postcondition(model, {:call, Unread, :unread, [:unread, "ada"]}, 0)
  end

  test "the model accepts Unread" do
    assert check(property(Unread)) == true
  end

  test "the model catches ForgetfulUnread, in three commands" do
    assert check(property(ForgetfulUnread)) == false
    [commands] = :proper.counterexample()
    assert length(for {:set, _, _} = command <- commands, do: command) == 3
  end
end
