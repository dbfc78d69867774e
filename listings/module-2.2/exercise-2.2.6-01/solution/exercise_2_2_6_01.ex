defmodule Exercise22601 do
  @moduledoc "Reads the payload of a WebSocket close frame (RFC 6455, sections 5.5.1 and 7.4)."

  @type error :: :bad_length | :too_long | {:bad_code, non_neg_integer()} | :invalid_utf8

  # ANCHOR: solution
  @doc "Parses an unmasked close payload into its status code and reason."
  @spec parse_close(binary()) :: {:ok, non_neg_integer(), String.t()} | {:error, error()}
  def parse_close(<<>>), do: {:ok, 1005, ""}
  def parse_close(<<_one_byte>>), do: {:error, :bad_length}
  def parse_close(payload) when byte_size(payload) > 125, do: {:error, :too_long}

  def parse_close(<<code::16, reason::binary>>) do
    cond do
      not sendable?(code) -> {:error, {:bad_code, code}}
      not String.valid?(reason) -> {:error, :invalid_utf8}
      true -> {:ok, code, reason}
    end
  end

  # 0-999 are not used, 1004 is reserved, 1005, 1006 and 1015 are for
  # reporting only, the rest of 1000-2999 is for future RFCs (1012-1014 were
  # registered with IANA later, but cow_ws refuses them), 5000 and up do not
  # exist.
  defp sendable?(code), do: code in 1000..1003 or code in 1007..1011 or code in 3000..4999
  # ANCHOR_END: solution
end
