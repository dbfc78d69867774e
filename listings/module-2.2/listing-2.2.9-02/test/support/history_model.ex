defmodule HistoryModel do
  @moduledoc """
  The PropEr state machine model of a bounded history: what any
  implementation with `push/2` and `recent/1` must do, written as a plain
  list. The implementation and the name it runs under travel in the model's
  state, so the same model checks BoundedHistory and LeakyHistory.
  """

  import :proper_types, only: [integer: 0, oneof: 1]

  # ANCHOR: model
  @doc "The model before any command: nothing held."
  @spec initial_state(module(), atom(), pos_integer()) :: map()
  def initial_state(impl, name, limit) do
    %{impl: impl, name: name, limit: limit, held: []}
  end

  # PropEr asks for the next command to generate, given the model so far.
  def command(%{impl: impl, name: name}) do
    oneof([
      {:call, impl, :push, [name, integer()]},
      {:call, impl, :recent, [name]}
    ])
  end

  def precondition(_model, _call), do: true

  # How the model changes: a push appends and keeps the last `limit`.
  def next_state(model, _result, {:call, _, :push, [_, message]}) do
    %{model | held: Enum.take(model.held ++ [message], -model.limit)}
  end

  def next_state(model, _result, {:call, _, :recent, _}), do: model

  # What the real system must have answered.
  def postcondition(_model, {:call, _, :push, _}, result), do: result == :ok
  def postcondition(model, {:call, _, :recent, _}, result), do: result == model.held
  # ANCHOR_END: model
end
