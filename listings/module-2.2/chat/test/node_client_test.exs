defmodule Chat.NodeClientTest do
  @moduledoc """
  Runs test/js/ (node:test) against this server with the npm `phoenix` client.

  Tagged `:node`: test_helper.exs excludes it with a message when
  node_modules/ is missing (run `npm ci` in the project) unless the
  environment variable CI is set, in which case it runs and fails here.
  """
  use ExUnit.Case, async: false

  @moduletag :node
  @moduletag timeout: 120_000

  @project Path.expand("..", __DIR__)

  test "the phoenix.js client talks to the server" do
    unless File.exists?(Path.join(@project, "node_modules/phoenix")) do
      flunk("node_modules/phoenix is missing: run `npm ci` in #{@project}")
    end

    url = "ws://127.0.0.1:#{Chat.port()}/socket"

    {output, status} =
      System.cmd("node", ["--test", "test/js/"],
        cd: @project,
        env: [{"CHAT_URL", url}],
        stderr_to_stdout: true
      )

    assert status == 0, "node --test failed:\n" <> output
  end
end
