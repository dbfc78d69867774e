defmodule Account do
  @moduledoc """
  A bank account as a process: its balance is the state, and every change goes
  through the one process, so two withdrawals can never both spend the same
  money. The client API validates nothing that the server must check anyway;
  the server is the single place where the rules live.
  """

  use GenServer

  # ANCHOR: solution
  @spec start_link(keyword()) :: GenServer.on_start()
  def start_link(opts \\ []) do
    {balance, opts} = Keyword.pop(opts, :balance, 0)
    GenServer.start_link(__MODULE__, balance, opts)
  end

  @spec balance(GenServer.server()) :: non_neg_integer()
  def balance(account), do: GenServer.call(account, :balance)

  @spec deposit(GenServer.server(), term()) ::
          {:ok, non_neg_integer()} | {:error, :invalid_amount}
  def deposit(account, amount), do: GenServer.call(account, {:deposit, amount})

  @spec withdraw(GenServer.server(), term()) ::
          {:ok, non_neg_integer()} | {:error, :invalid_amount | :insufficient_funds}
  def withdraw(account, amount), do: GenServer.call(account, {:withdraw, amount})

  @impl true
  def init(balance) when is_integer(balance) and balance >= 0, do: {:ok, balance}
  def init(_balance), do: {:stop, :invalid_balance}

  @impl true
  def handle_call(:balance, _from, balance), do: {:reply, balance, balance}

  def handle_call({_op, amount}, _from, balance)
      when not is_integer(amount) or amount <= 0 do
    {:reply, {:error, :invalid_amount}, balance}
  end

  def handle_call({:deposit, amount}, _from, balance) do
    {:reply, {:ok, balance + amount}, balance + amount}
  end

  def handle_call({:withdraw, amount}, _from, balance) when amount > balance do
    {:reply, {:error, :insufficient_funds}, balance}
  end

  def handle_call({:withdraw, amount}, _from, balance) do
    {:reply, {:ok, balance - amount}, balance - amount}
  end

  # ANCHOR_END: solution
end
