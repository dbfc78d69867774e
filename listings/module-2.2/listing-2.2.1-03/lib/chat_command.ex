defmodule ChatCommand do
  @moduledoc """
  Turns one line typed by a chat user into a command, the way the chat server of this module
  will: `/join lobby`, `/nick ada`, `/msg ada see you at 5`, `/quit`, or plain text to say in
  the current room.

  It is written as a chain of function clauses, each a pattern (and sometimes a guard) for one
  shape of input, tried from top to bottom. Every outcome the user can cause is a value:
  `{:ok, command}` or `{:error, reason}`, the Elixir counterpart of Rust's
  `Result<Command, ParseError>`. Only a programming error, such as calling `parse/1` with
  something that is not a string, raises (`FunctionClauseError`): that is a bug to fix, not an
  input to handle.
  """

  @typedoc "A command the server knows how to carry out."
  @type command ::
          {:join, String.t()}
          | {:nick, String.t()}
          | {:direct, String.t(), String.t()}
          | {:say, String.t()}
          | :quit

  @typedoc "Why a line was refused; each reason is something the user can fix."
  @type reason ::
          :empty
          | :too_long
          | :missing_text
          | {:bad_name, String.t()}
          | {:missing_argument, String.t()}
          | {:unknown_command, String.t()}

  # ANCHOR: parse
  # Limits are in bytes, because bytes are what travel over the wire and fill memory.
  @max_line_bytes 1_000
  @max_name_bytes 32

  @doc "Parses one line of user input."
  @spec parse(String.t()) :: {:ok, command()} | {:error, reason()}
  def parse(line) when is_binary(line) and byte_size(line) > @max_line_bytes,
    do: {:error, :too_long}

  def parse(""), do: {:error, :empty}
  def parse("/quit"), do: {:ok, :quit}
  def parse("/join " <> room), do: with_name(room, &{:join, &1})
  def parse("/nick " <> nick), do: with_name(nick, &{:nick, &1})

  def parse("/msg " <> rest) do
    case String.split(rest, " ", parts: 2) do
      [to, text] when text != "" -> with_name(to, &{:direct, &1, text})
      _no_text -> {:error, :missing_text}
    end
  end

  def parse("/" <> command) when command in ["join", "nick", "msg"],
    do: {:error, {:missing_argument, command}}

  def parse("/" <> other) do
    [name | _arguments] = String.split(other, " ", parts: 2)
    {:error, {:unknown_command, name}}
  end

  def parse(text) when is_binary(text), do: {:ok, {:say, text}}

  # A room or user name: 1 to 32 bytes of valid UTF-8 without spaces, tabs or line breaks.
  # `build` makes the command from the name.
  defp with_name(name, build) when byte_size(name) in 1..@max_name_bytes do
    if String.valid?(name) and not String.match?(name, ~r/\s/u),
      do: {:ok, build.(name)},
      else: {:error, {:bad_name, name}}
  end

  defp with_name(name, _build), do: {:error, {:bad_name, name}}
  # ANCHOR_END: parse

  # ANCHOR: main
  @doc "Parses a few sample lines and prints each line next to what `parse/1` made of it."
  @spec main() :: :ok
  def main do
    lines = [
      "hello, everyone",
      "/join lobby",
      "/join ",
      "/msg ada see you at 5",
      "/msg ada",
      "/nick ada lovelace",
      "/nick",
      "/kick bob",
      "/quit",
      "",
      String.duplicate("é", 600)
    ]

    for line <- lines do
      IO.puts("#{String.pad_trailing(inspect(shorten(line)), 26)} #{inspect(parse(line))}")
    end

    :ok
  end

  defp shorten(line) when byte_size(line) > 24, do: String.slice(line, 0, 8) <> "..."
  defp shorten(line), do: line
  # ANCHOR_END: main
end
