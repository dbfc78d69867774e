defmodule Account do
  @moduledoc """
  A bank account as a process: its balance is the state, and every change goes
  through the one process, so two withdrawals can never both spend the same
  money.
  """

  use GenServer

  # ANCHOR: starter
  @doc "Starts an account; `balance:` (default 0, a non-negative integer), `name:`."
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []) do
    {balance, opts} = Keyword.pop(opts, :balance, 0)
    GenServer.start_link(__MODULE__, balance, opts)
  end

  @doc "The current balance."
  @spec balance(GenServer.server()) :: non_neg_integer()
  def balance(_account), do: raise("not written yet: a GenServer.call and a handle_call")

  @doc "Adds a positive integer amount; anything else is `{:error, :invalid_amount}`."
  @spec deposit(GenServer.server(), term()) ::
          {:ok, non_neg_integer()} | {:error, :invalid_amount}
  def deposit(_account, _amount), do: raise("not written yet")

  @doc "Takes a positive integer amount if the balance covers it."
  @spec withdraw(GenServer.server(), term()) ::
          {:ok, non_neg_integer()} | {:error, :invalid_amount | :insufficient_funds}
  def withdraw(_account, _amount), do: raise("not written yet")

  @impl true
  def init(balance) when is_integer(balance) and balance >= 0, do: {:ok, balance}
  def init(_balance), do: {:stop, :invalid_balance}

  # ANCHOR_END: starter
end
