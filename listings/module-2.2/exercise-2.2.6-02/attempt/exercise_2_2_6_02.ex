# Your attempt: write the function and run `cargo xtask exercise 2.2.6-2`.
defmodule Exercise22602 do
  @moduledoc "The server's half of the WebSocket opening handshake (RFC 6455, section 4.2.2)."

  # ANCHOR: starter
  @doc """
  Checks a client's `Sec-WebSocket-Key` and returns the `Sec-WebSocket-Accept`
  to answer it with.

  A valid key is the base64 encoding (with padding) of exactly 16 bytes;
  anything else, or `nil` for a missing header, is `{:error, :invalid_key}`. The accept value is the base64
  of the SHA-1 digest of the key, as sent, followed by the GUID
  `"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"`.
  """
  @spec accept_key(String.t() | nil) :: {:ok, String.t()} | {:error, :invalid_key}
  def accept_key(_key) do
    raise "not written yet: Base.decode64/1, then :crypto.hash(:sha, ...) and Base.encode64/1"
  end

  # ANCHOR_END: starter
end
