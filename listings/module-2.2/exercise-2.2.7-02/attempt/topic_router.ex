# Your attempt: write the function and run `cargo xtask exercise 2.2.7-2`.
defmodule TopicRouter do
  @moduledoc """
  Decides which channel module serves a topic that a client asks to join,
  with the rules of Phoenix's `channel "room:*", RoomChannel` declarations,
  so that a socket can start the right channel process or refuse the join
  with the reason phoenix.js expects.
  """

  @type routes :: [{String.t(), module()}]

  # ANCHOR: starter
  @doc """
  Finds the handler of `topic` in `routes`, a list of `{pattern, handler}`.

  A pattern is either an exact topic (`"lobby"`) or a prefix followed by one
  `*` at the very end (`"room:*"`), which matches every topic starting with
  the prefix, the bare prefix (`"room:"`) included. The first pattern that
  matches wins. A topic no pattern matches gives
  `{:error, %{"reason" => "unmatched topic"}}`. A pattern with a `*`
  anywhere but at the end raises `ArgumentError`, whatever the topic.
  """
  @spec route(routes(), String.t()) ::
          {:ok, module()} | {:error, %{String.t() => String.t()}}
  def route(_routes, _topic) do
    raise "not written yet: String.split/2 each pattern on \"*\" and look at the pieces"
  end

  # ANCHOR_END: starter
end
