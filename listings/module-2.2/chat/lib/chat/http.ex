defmodule Chat.HTTP do
  @moduledoc """
  Just enough HTTP/1.1 to serve a page and upgrade to WebSocket: the request
  head is parsed with `:erlang.decode_packet/3` (the VM's own HTTP parser),
  bodies are not read (every route is a `GET`), and every plain response
  closes the connection, so there is no keep-alive to get wrong.
  """

  @type request :: %{method: String.t(), path: String.t(), query: String.t(), headers: map()}

  @doc """
  Parses a complete request head (everything up to and including the blank
  line). Header names are lower-cased; a repeated header keeps its last value.
  """
  # ANCHOR: chat_http_parse
  @spec parse_head(binary()) :: {:ok, request()} | {:error, :bad_request}
  def parse_head(head) do
    with {:ok, {:http_request, method, {:abs_path, target}, {1, _}}, rest} <-
           :erlang.decode_packet(:http_bin, head, []),
         {:ok, headers} <- headers(rest, %{}) do
      {path, query} =
        case String.split(target, "?", parts: 2) do
          [path, query] -> {path, query}
          [path] -> {path, ""}
        end

      {:ok, %{method: to_string(method), path: path, query: query, headers: headers}}
    else
      _ -> {:error, :bad_request}
    end
  end

  defp headers(data, acc) do
    case :erlang.decode_packet(:httph_bin, data, []) do
      {:ok, {:http_header, _, name, _, value}, rest} ->
        headers(rest, Map.put(acc, String.downcase(to_string(name)), value))

      {:ok, :http_eoh, _rest} ->
        {:ok, acc}

      _ ->
        :error
    end
  end

  # ANCHOR_END: chat_http_parse

  @doc "A complete response that closes the connection."
  @spec response(pos_integer(), String.t(), iodata()) :: iodata()
  def response(status, content_type, body) do
    [
      "HTTP/1.1 #{status} #{reason(status)}\r\n",
      "content-type: #{content_type}\r\n",
      "content-length: #{IO.iodata_length(body)}\r\n",
      "connection: close\r\n\r\n",
      body
    ]
  end

  defp reason(200), do: "OK"
  defp reason(400), do: "Bad Request"
  defp reason(404), do: "Not Found"
  defp reason(405), do: "Method Not Allowed"
  defp reason(431), do: "Request Header Fields Too Large"
end
