defmodule Chat.Case do
  @moduledoc """
  What the protocol tests share: a connected client per call, and joins and
  pushes that wait for their replies with `assert_receive`.

  The application is started once by test_helper.exs (port 0, a temporary
  data folder); tests use their own room names so they do not see each
  other's members.
  """

  use ExUnit.CaseTemplate

  import ExUnit.Assertions

  alias Chat.WSClient

  using do
    quote do
      import Chat.Case
      alias Chat.WSClient
    end
  end

  @doc "A connected WebSocket client, closed when the test ends."
  def client! do
    {:ok, client} = WSClient.connect(Chat.port())
    client
  end

  @doc "A room name no other test uses."
  def unique_room(prefix \\ "r") do
    "#{prefix}-#{System.unique_integer([:positive])}"
  end

  @doc "Joins `topic` as `user`; returns the reply's status and response."
  def join(client, topic, payload, join_ref \\ "1") do
    WSClient.push(client, [join_ref, join_ref, topic, "phx_join", payload])
    await_reply(client, join_ref, topic)
  end

  @doc "Sends `event` on `topic` and waits for its reply."
  def push_and_reply(client, topic, event, payload, join_ref, ref) do
    WSClient.push(client, [join_ref, ref, topic, event, payload])
    await_reply(client, ref, topic)
  end

  @doc "Waits for the reply to `ref` on `topic`."
  # ANCHOR: testing_await_reply
  def await_reply(client, ref, topic, timeout \\ 2_000) do
    assert_receive {:ws, ^client,
                    {:json,
                     [
                       _join_ref,
                       ^ref,
                       ^topic,
                       "phx_reply",
                       %{"status" => status, "response" => response}
                     ]}},
                   timeout

    {status, response}
  end

  # ANCHOR_END: testing_await_reply
end
