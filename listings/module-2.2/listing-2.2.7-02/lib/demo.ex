defmodule PresenceTracker.Demo do
  @moduledoc """
  Two users, three sessions: ada on a laptop and a phone, bob on one tab.
  Prints each `presence_diff` the tracker publishes and the `presence_state`
  a late joiner would get, as the JSON phoenix.js would receive. Each step
  waits for its diff, so the output is always in the same order.
  """

  @topic "room:lobby"

  @doc "The demo; run with `mix run -e \"PresenceTracker.Demo.main()\"`."
  @spec main() :: :ok
  def main do
    {:ok, tracker} = PresenceTracker.start_link([])
    :ok = PresenceTracker.subscribe(tracker, @topic)

    # ANCHOR: channels_tracker_demo
    laptop = session()
    phone = session()
    tab = session()

    step("ada joins from her laptop", fn ->
      PresenceTracker.track(tracker, laptop, @topic, "ada", %{"device" => "laptop"})
    end)

    step("bob joins", fn ->
      PresenceTracker.track(tracker, tab, @topic, "bob", %{"device" => "browser"})
    end)

    step("ada joins again from her phone", fn ->
      PresenceTracker.track(tracker, phone, @topic, "ada", %{"device" => "phone"})
    end)

    show("presence_state", PresenceTracker.list(tracker, @topic))

    step("ada's laptop process dies", fn -> Process.exit(laptop, :kill) end)
    step("bob leaves", fn -> PresenceTracker.untrack(tracker, tab, @topic, "bob") end)
    show("presence_state", PresenceTracker.list(tracker, @topic))
    # ANCHOR_END: channels_tracker_demo
    :ok
  end

  defp session, do: spawn(fn -> Process.sleep(:infinity) end)

  defp step(label, action) do
    IO.puts("# " <> label)
    action.()

    receive do
      {:presence_diff, @topic, diff} -> show("presence_diff", diff)
    end
  end

  defp show(event, payload), do: IO.puts("#{event} #{:jiffy.encode(payload)}")
end
