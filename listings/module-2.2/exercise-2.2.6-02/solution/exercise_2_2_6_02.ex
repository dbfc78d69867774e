defmodule Exercise22602 do
  @moduledoc "The server's half of the WebSocket opening handshake (RFC 6455, section 4.2.2)."

  # ANCHOR: solution
  @guid "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

  @doc "Checks a client's `Sec-WebSocket-Key` and returns the `Sec-WebSocket-Accept` for it."
  @spec accept_key(String.t() | nil) :: {:ok, String.t()} | {:error, :invalid_key}
  def accept_key(key) when is_binary(key) do
    case Base.decode64(key) do
      # The digest is of the key as the client wrote it, not of its 16 bytes.
      {:ok, <<_nonce::binary-size(16)>>} -> {:ok, Base.encode64(:crypto.hash(:sha, key <> @guid))}
      _not_16_bytes -> {:error, :invalid_key}
    end
  end

  def accept_key(_not_a_string), do: {:error, :invalid_key}
  # ANCHOR_END: solution
end
