# Your attempt: write the function and run `cargo xtask exercise 2.2.2-1`.
defmodule Mentions do
  @moduledoc """
  Finds the first messages of a chat log that mention a user, reading no more of the log than
  it needs to, so that it works on a file of any size and on a stream that never ends.
  """

  # ANCHOR: starter
  @doc """
  Returns the first `n` lines of `lines` whose text mentions `@user`, as `{room, from, text}`.

  Each line is `ROOM FROM TEXT`, with or without a line ending (LF or CRLF), which is not part
  of the text; a line with fewer than three parts is skipped. The text mentions `@user` when it
  contains that exact word, set off by spaces, tabs, brackets or punctuation (`@ada,` and
  `(@ada)` count, `@adam` does not). Lines after the `n`th mention are never read.
  """
  @spec first_mentions(Enumerable.t(), String.t(), non_neg_integer()) ::
          [{String.t(), String.t(), String.t()}]
  def first_mentions(_lines, _user, _n) do
    raise "not written yet: build the steps with Stream, and let one Enum call pull n results"
  end

  # ANCHOR_END: starter
end
