defmodule Chat do
  @moduledoc """
  A real-time chat that speaks Phoenix's channel protocol (the V2 JSON
  serializer) over WebSocket, built on OTP alone: `:gen_tcp` for the server,
  cowlib's `:cow_ws` for frames, jiffy for JSON, `Registry` and `:pg` for
  finding rooms.

  Run it with `CHAT_PORT=4000 CHAT_DATA_DIR=/tmp/chat mix run --no-halt` and
  open <http://127.0.0.1:4000/>; `Chat.Application` lists the settings.
  """

  # The project's node_modules, resolved when this file is compiled.
  @phoenix_js Path.expand("../node_modules/phoenix/priv/static/phoenix.js", __DIR__)

  @doc "The TCP port the endpoint listens on (useful when it was started on port 0)."
  @spec port() :: :inet.port_number()
  def port, do: Chat.Endpoint.port()

  @doc "Where the page's Phoenix client is read from (installed by `npm ci`)."
  @spec phoenix_js_path() :: Path.t()
  def phoenix_js_path, do: @phoenix_js
end
