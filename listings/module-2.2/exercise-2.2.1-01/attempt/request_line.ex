defmodule RequestLine do
  @moduledoc """
  Parses the first line of an HTTP/1.x request, such as `GET /rooms/lobby HTTP/1.1`.

  Exercise 2.2.1-1: write `parse/1` so that the tests in `test/` pass. Run them with
  `cargo xtask exercise 2.2.1-1`.
  """

  @type method :: :get | :head | :post | :put | :delete
  @type t :: %{method: method(), target: String.t(), version: {1, 0 | 1}}
  @type reason ::
          :malformed
          | {:unsupported_method, String.t()}
          | {:bad_target, String.t()}
          | {:unsupported_version, String.t()}

  # ANCHOR: starter
  @doc """
  Parses a request line: a method, a target and a version, separated by single spaces.

    * `{:ok, %{method: :get, target: "/rooms", version: {1, 1}}}` for `"GET /rooms HTTP/1.1"`;
      the methods are GET, HEAD, POST, PUT and DELETE, the versions HTTP/1.0 and HTTP/1.1;
    * `{:error, :malformed}` unless there are exactly three parts;
    * `{:error, {:unsupported_method, "BREW"}}`, `{:error, {:bad_target, "rooms"}}` (a target
      starts with `/`) and `{:error, {:unsupported_version, "HTTP/2"}}` otherwise, checking
      the method, then the target, then the version.
  """
  @spec parse(String.t()) :: {:ok, t()} | {:error, reason()}
  def parse(line) when is_binary(line) do
    raise "not written yet: RequestLine.parse/1 (see the chapter for what it must return)"
  end

  # ANCHOR_END: starter
end
