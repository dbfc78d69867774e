defmodule TopicRouter do
  @moduledoc """
  Decides which channel module serves a topic that a client asks to join,
  with the rules of Phoenix's `channel "room:*", RoomChannel` declarations,
  so that a socket can start the right channel process or refuse the join
  with the reason phoenix.js expects.
  """

  @type routes :: [{String.t(), module()}]

  # ANCHOR: solution
  @doc """
  Finds the handler of `topic` in `routes`: exact topics and trailing-`*`
  prefixes, first match wins, `"unmatched topic"` otherwise.
  """
  @spec route(routes(), String.t()) ::
          {:ok, module()} | {:error, %{String.t() => String.t()}}
  def route(routes, topic) do
    # Check every pattern first, so that a bad one is found on any call.
    matchers = Enum.map(routes, fn {pattern, handler} -> {matcher(pattern), handler} end)

    case Enum.find(matchers, fn {matches?, _handler} -> matches?.(topic) end) do
      {_matches?, handler} -> {:ok, handler}
      nil -> {:error, %{"reason" => "unmatched topic"}}
    end
  end

  defp matcher(pattern) do
    case String.split(pattern, "*") do
      [exact] -> &(&1 == exact)
      [prefix, ""] -> &String.starts_with?(&1, prefix)
      _ -> raise ArgumentError, "a splat must end the pattern: #{inspect(pattern)}"
    end
  end

  # ANCHOR_END: solution
end
