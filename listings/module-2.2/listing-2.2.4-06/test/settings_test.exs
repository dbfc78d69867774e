defmodule SettingsTest do
  # Not async: the table has a global name.
  use ExUnit.Case

  setup do
    %{owner: start_supervised!(Settings)}
  end

  test "both reads see what was put", %{owner: owner} do
    assert Settings.get(:max_body) == nil
    :ok = Settings.put(owner, :max_body, 4_096)
    assert Settings.get(:max_body) == 4_096
    assert Settings.get_via_call(owner, :max_body) == 4_096
  end

  test "another process cannot write to the protected table" do
    assert_raise ArgumentError, fn -> :ets.insert(Settings, {:max_body, 1}) end
  end

  test "the table dies with its owner", %{owner: owner} do
    ref = Process.monitor(owner)
    Process.exit(owner, :kill)
    assert_receive {:DOWN, ^ref, :process, ^owner, :killed}
    assert :ets.whereis(Settings) == :undefined
  end
end
