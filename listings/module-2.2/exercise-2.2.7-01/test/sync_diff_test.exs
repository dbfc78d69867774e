defmodule PresenceSyncTest do
  use ExUnit.Case, async: true

  defp meta(ref, device), do: %{"phx_ref" => ref, "device" => device}
  defp diff(joins, leaves), do: %{"joins" => joins, "leaves" => leaves}

  @laptop %{"phx_ref" => "1", "device" => "laptop"}
  @phone %{"phx_ref" => "3", "device" => "phone"}
  @bob %{"phx_ref" => "2", "device" => "browser"}

  test "a join of a new key adds it as it is" do
    assert PresenceSync.sync_diff(%{}, diff(%{"ada" => %{"metas" => [@laptop]}}, %{})) ==
             %{"ada" => %{"metas" => [@laptop]}}
  end

  test "a second session of a key comes after the metas already there" do
    state = %{"ada" => %{"metas" => [@laptop]}, "bob" => %{"metas" => [@bob]}}
    new = PresenceSync.sync_diff(state, diff(%{"ada" => %{"metas" => [@phone]}}, %{}))
    assert new == %{"ada" => %{"metas" => [@laptop, @phone]}, "bob" => %{"metas" => [@bob]}}
  end

  test "a join that repeats a phx_ref replaces that meta instead of doubling it" do
    state = %{"ada" => %{"metas" => [@laptop, @phone]}}
    again = meta("1", "laptop, renamed")
    new = PresenceSync.sync_diff(state, diff(%{"ada" => %{"metas" => [again]}}, %{}))
    assert new == %{"ada" => %{"metas" => [@phone, again]}}
  end

  test "the joined entry's other fields replace the current ones" do
    state = %{"ada" => %{"metas" => [@laptop], "user" => %{"name" => "Ada"}}}
    joined = %{"metas" => [@phone], "user" => %{"name" => "Ada L."}}
    new = PresenceSync.sync_diff(state, diff(%{"ada" => joined}, %{}))
    assert new == %{"ada" => %{"metas" => [@laptop, @phone], "user" => %{"name" => "Ada L."}}}
  end

  test "a leave removes only the metas it names" do
    state = %{"ada" => %{"metas" => [@laptop, @phone]}}
    new = PresenceSync.sync_diff(state, diff(%{}, %{"ada" => %{"metas" => [@laptop]}}))
    assert new == %{"ada" => %{"metas" => [@phone]}}
  end

  test "a key left with no metas is gone, and a leave of an unknown key is ignored" do
    state = %{"ada" => %{"metas" => [@laptop]}, "bob" => %{"metas" => [@bob]}}

    leaves = %{
      "ada" => %{"metas" => [@laptop]},
      "zed" => %{"metas" => [meta("9", "x")]}
    }

    assert PresenceSync.sync_diff(state, diff(%{}, leaves)) == %{"bob" => %{"metas" => [@bob]}}
  end

  test "joins are applied before leaves: an update (new ref in, old ref out) keeps the key" do
    state = %{"ada" => %{"metas" => [@laptop]}}
    updated = Map.put(meta("4", "laptop"), "phx_ref_prev", "1")

    new =
      PresenceSync.sync_diff(
        state,
        diff(%{"ada" => %{"metas" => [updated]}}, %{"ada" => %{"metas" => [@laptop]}})
      )

    assert new == %{"ada" => %{"metas" => [updated]}}
  end

  test "joins are applied before leaves: a session that came and went in one diff is gone" do
    state = %{"ada" => %{"metas" => [@laptop]}}

    new =
      PresenceSync.sync_diff(
        state,
        diff(%{"ada" => %{"metas" => [@phone]}}, %{"ada" => %{"metas" => [@phone]}})
      )

    assert new == %{"ada" => %{"metas" => [@laptop]}}
  end

  test "the state that Listing 2.2.7-2 prints, replayed from its diffs" do
    diffs = [
      diff(%{"ada" => %{"metas" => [@laptop]}}, %{}),
      diff(%{"bob" => %{"metas" => [@bob]}}, %{}),
      diff(%{"ada" => %{"metas" => [@phone]}}, %{}),
      diff(%{}, %{"ada" => %{"metas" => [@laptop]}}),
      diff(%{}, %{"bob" => %{"metas" => [@bob]}})
    ]

    assert Enum.reduce(diffs, %{}, &PresenceSync.sync_diff(&2, &1)) ==
             %{"ada" => %{"metas" => [@phone]}}
  end
end
