defmodule TimeoutsTest do
  use ExUnit.Case, async: true

  setup do
    %{server: start_supervised!(SlowServer)}
  end

  test "a call that times out exits the caller with :timeout", %{server: server} do
    assert {:timeout, {GenServer, :call, [^server, {:work, 200}, 20]}} =
             catch_exit(SlowServer.work(server, 200, 20))
  end

  test "the server still finishes the request, and the late reply is dropped", %{server: server} do
    catch_exit(SlowServer.work(server, 100, 10))
    # This call is queued behind the first one, so it returns once that one is done.
    assert SlowServer.finished(server) == 1
    refute_received {_tag, :done}
  end

  test "a plain reference as reply tag lets the late reply in", %{server: server} do
    tag = make_ref()
    send(server, {:"$gen_call", {self(), tag}, {:work, 10}})
    assert_receive {^tag, :done}
  end
end
