defmodule RequestLine do
  @moduledoc """
  Parses the first line of an HTTP/1.x request, such as `GET /rooms/lobby HTTP/1.1`.

  Each part is checked by a small function whose clauses list the accepted values, and every
  refusal is an `{:error, reason}` a server can turn into a 400 or 501 response. Methods become
  atoms only through those clauses, never through `String.to_atom/1`: atoms are not garbage
  collected, so a client sending made-up methods must not be able to create new ones.
  """

  @type method :: :get | :head | :post | :put | :delete
  @type t :: %{method: method(), target: String.t(), version: {1, 0 | 1}}
  @type reason ::
          :malformed
          | {:unsupported_method, String.t()}
          | {:bad_target, String.t()}
          | {:unsupported_version, String.t()}

  # ANCHOR: solution
  @doc """
  Parses a request line: a method, a target and a version, separated by single spaces.

  The checks run in that order, and the first one to fail gives the reason.
  """
  @spec parse(String.t()) :: {:ok, t()} | {:error, reason()}
  def parse(line) when is_binary(line) do
    case String.split(line, " ") do
      [method, target, version] -> build(method(method), target(target), version(version))
      _other -> {:error, :malformed}
    end
  end

  defp method("GET"), do: {:ok, :get}
  defp method("HEAD"), do: {:ok, :head}
  defp method("POST"), do: {:ok, :post}
  defp method("PUT"), do: {:ok, :put}
  defp method("DELETE"), do: {:ok, :delete}
  defp method(other), do: {:error, {:unsupported_method, other}}

  defp target("/" <> _path = target), do: {:ok, target}
  defp target(other), do: {:error, {:bad_target, other}}

  defp version("HTTP/1.1"), do: {:ok, {1, 1}}
  defp version("HTTP/1.0"), do: {:ok, {1, 0}}
  defp version(other), do: {:error, {:unsupported_version, other}}

  # The first error wins, in the order method, target, version.
  defp build({:ok, method}, {:ok, target}, {:ok, version}),
    do: {:ok, %{method: method, target: target, version: version}}

  defp build({:error, _} = error, _target, _version), do: error
  defp build(_method, {:error, _} = error, _version), do: error
  defp build(_method, _target, {:error, _} = error), do: error
  # ANCHOR_END: solution
end
