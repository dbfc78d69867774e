defmodule AccountTest do
  use ExUnit.Case, async: true

  setup do
    %{account: start_supervised!({Account, balance: 100})}
  end

  test "deposits and withdrawals return the new balance", %{account: account} do
    assert Account.balance(account) == 100
    assert Account.deposit(account, 50) == {:ok, 150}
    assert Account.withdraw(account, 30) == {:ok, 120}
    assert Account.withdraw(account, 120) == {:ok, 0}
    assert Account.balance(account) == 0
  end

  test "an overdraft is refused and changes nothing", %{account: account} do
    assert Account.withdraw(account, 101) == {:error, :insufficient_funds}
    assert Account.balance(account) == 100
  end

  test "amounts must be positive integers", %{account: account} do
    for amount <- [0, -5, 1.5, "10", nil] do
      assert Account.deposit(account, amount) == {:error, :invalid_amount}
      assert Account.withdraw(account, amount) == {:error, :invalid_amount}
    end

    assert Account.balance(account) == 100
  end

  test "concurrent withdrawals never spend the same money", %{account: account} do
    results =
      for(_ <- 1..50, do: Task.async(fn -> Account.withdraw(account, 3) end))
      |> Task.await_many()

    # 100 covers 33 withdrawals of 3, and not a 34th.
    assert Enum.count(results, &match?({:ok, _}, &1)) == 33
    assert Enum.count(results, &(&1 == {:error, :insufficient_funds})) == 17
    assert Account.balance(account) == 1
  end

  test "an account can be reached by name" do
    start_supervised!({Account, name: :savings, balance: 7}, id: :savings)
    assert Account.deposit(:savings, 3) == {:ok, 10}
  end

  test "a negative opening balance does not start" do
    Process.flag(:trap_exit, true)
    assert Account.start_link(balance: -1) == {:error, :invalid_balance}
  end
end
