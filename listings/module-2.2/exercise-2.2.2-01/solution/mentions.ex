defmodule Mentions do
  @moduledoc """
  Finds the first messages of a chat log that mention a user, reading no more of the log than
  it needs to, so that it works on a file of any size and on a stream that never ends.
  """

  # ANCHOR: solution
  @separators [" ", "\t", "\r", ",", ".", "!", "?", ":", ";", "(", ")"]

  @doc """
  Returns the first `n` lines of `lines` whose text mentions `@user`, as `{room, from, text}`.

  Each line is `ROOM FROM TEXT`, with or without a line ending (LF or CRLF), which is not part
  of the text; a line with fewer than three parts is skipped. The text mentions `@user` when it
  contains that exact word, set off by spaces, tabs, brackets or punctuation (`@ada,` and
  `(@ada)` count, `@adam` does not). Lines after the `n`th mention are never read.
  """
  @spec first_mentions(Enumerable.t(), String.t(), non_neg_integer()) ::
          [{String.t(), String.t(), String.t()}]
  def first_mentions(lines, user, n) when is_binary(user) and is_integer(n) and n >= 0 do
    mention = "@" <> user

    lines
    |> Stream.map(&(&1 |> String.trim_trailing("\n") |> String.trim_trailing("\r")))
    |> Stream.map(&String.split(&1, " ", parts: 3))
    |> Stream.filter(&match?([_room, _from, _text], &1))
    |> Stream.filter(fn [_room, _from, text] -> mentions?(text, mention) end)
    |> Stream.map(&List.to_tuple/1)
    |> Enum.take(n)
  end

  defp mentions?(text, mention) do
    text |> String.split(@separators, trim: true) |> Enum.member?(mention)
  end

  # ANCHOR_END: solution
end
