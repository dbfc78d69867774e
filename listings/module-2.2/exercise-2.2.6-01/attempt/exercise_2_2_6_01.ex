# Your attempt: write the function and run `cargo xtask exercise 2.2.6-1`.
defmodule Exercise22601 do
  @moduledoc "Reads the payload of a WebSocket close frame (RFC 6455, sections 5.5.1 and 7.4)."

  # ANCHOR: starter
  @type error :: :bad_length | :too_long | {:bad_code, non_neg_integer()} | :invalid_utf8

  @doc """
  Parses an unmasked close payload into its status code and reason.

    * `<<>>` (no code at all) is `{:ok, 1005, ""}`: RFC 6455 says the
      application then sees 1005, a code no peer may put on the wire;
    * one byte is `{:error, :bad_length}`; more than 125 is `{:error, :too_long}`;
    * otherwise the first two bytes are the code, big-endian, and the rest is
      the reason: a code a peer may not send is `{:error, {:bad_code, code}}`
      (valid: 1000-1003, 1007-1011, 3000-4999), a reason that is not UTF-8 is
      `{:error, :invalid_utf8}`.
  """
  @spec parse_close(binary()) :: {:ok, non_neg_integer(), String.t()} | {:error, error()}
  def parse_close(_payload) do
    raise "not written yet: match <<code::16, reason::binary>> and check each rule in turn"
  end

  # ANCHOR_END: starter
end
