defmodule UnreadModel do
  @moduledoc """
  The PropEr state machine model of `Unread`: a map from user to count.
  """

  import :proper_types, only: [oneof: 1]

  @users ["ada", "bob"]

  @doc "The model before any command; `impl` and `name` say what to call."
  @spec initial_state(module(), atom()) :: map()
  def initial_state(impl, name), do: %{impl: impl, name: name, counts: %{}}

  def command(%{impl: impl, name: name}) do
    oneof([
      {:call, impl, :post, [name, oneof(@users)]},
      {:call, impl, :mark_read, [name, oneof(@users)]},
      {:call, impl, :unread, [name, oneof(@users)]}
    ])
  end

  def precondition(_model, _call), do: true

  # ANCHOR: solution
  @spec next_state(map(), term(), tuple()) :: map()
  def next_state(model, _result, {:call, _, :post, [_, user]}) do
    %{model | counts: Map.update(model.counts, user, 1, &(&1 + 1))}
  end

  def next_state(model, _result, {:call, _, :mark_read, [_, user]}) do
    %{model | counts: Map.delete(model.counts, user)}
  end

  def next_state(model, _result, {:call, _, :unread, _}), do: model

  @spec postcondition(map(), tuple(), term()) :: boolean()
  def postcondition(model, {:call, _, :unread, [_, user]}, result) do
    result == Map.get(model.counts, user, 0)
  end

  def postcondition(_model, {:call, _, _, _}, result), do: result == :ok
  # ANCHOR_END: solution
end
