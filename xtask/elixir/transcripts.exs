# Checks the iex transcripts of the book's pages, as `cargo xtask check` extracts them.
#
#     elixir transcripts.exs DIR
#
# Each DIR/*.iex file is one ```elixir block of a page that starts with `iex>`, after a first
# line `# PAGE:LINE` that says where it is. A block is one iex session: its expressions are evaluated in order,
# with the variables, imports and aliases of the ones before, as iex would. After each
# expression the page shows what iex printed: first what the expression wrote to standard output,
# then its value, or the error it raised. Those must be what Elixir prints now:
#
#   * the value is compared by evaluating the text shown and `===`, so formatting may differ but
#     the data may not; an opaque value (`#PID<0.112.0>`, `#Reference<...>`, `#Function<...>`,
#     `#Port<...>`) only has to be of that kind, since its digits change on every run; any other
#     `#Name<...>` (a MapSet, say) is compared with `inspect/1`, and so is a value iex cut short
#     with `...` (`<<70, 79, 82, ...>>`), each `...` matching what was left out;
#   * an error line `** (MatchError) no match of right hand side value: 2` must name the exception
#     raised and its message exactly (`** (throw) v` and `** (exit) v` for throws and exits).
#
# It prints one line per problem, with the page and line, and exits 1 if there is any.

defmodule Transcript do
  @opaque_kinds ~w(PID Reference Function Port)

  # The file's first line is `# PAGE:LINE`, where the block's first line is on the page.
  def check_file(path) do
    ["# " <> at, text] = path |> File.read!() |> String.split("\n", parts: 2)
    [_, page, first] = Regex.run(~r/\A(.*):(\d+)\z/, at)
    first = String.to_integer(first)
    text |> parse() |> run(fn line -> "#{page}:#{first + line - 1}" end)
  end

  # [{code, first_line, expected_lines}] from the block's text.
  def parse(text) do
    text
    |> String.split("\n")
    |> Enum.with_index(1)
    |> Enum.reduce([], fn {line, number}, steps ->
      cond do
        String.starts_with?(line, "iex>") ->
          [{[prompt_code(line, "iex>")], number, []} | steps]

        String.starts_with?(line, "...>") and match?([{_, _, []} | _], steps) ->
          [{code, first, []} | rest] = steps
          [{[prompt_code(line, "...>") | code], first, []} | rest]

        steps == [] ->
          steps

        true ->
          [{code, first, expected} | rest] = steps
          [{code, first, [line | expected]} | rest]
      end
    end)
    |> Enum.reverse()
    |> Enum.map(fn {code, first, expected} ->
      expected = expected |> Enum.drop_while(&(String.trim(&1) == "")) |> Enum.reverse()
      {code |> Enum.reverse() |> Enum.join("\n"), first, expected}
    end)
  end

  defp prompt_code(line, prompt), do: line |> String.replace_prefix(prompt, "") |> trim_one()
  defp trim_one(" " <> rest), do: rest
  defp trim_one(rest), do: rest

  def run(steps, location) do
    # iex numbers its prompts from 1 and moves on only after an expression that succeeded.
    start = {[], 1, [], Code.env_for_eval([])}

    {problems, _counter, _binding, _env} =
      Enum.reduce(steps, start, fn {code, line, expected}, {problems, counter, binding, env} ->
        {printed, outcome} = evaluate(code, counter, binding, env)

        {problem, counter, binding, env} =
          case outcome do
            {:ok, value, binding, env} ->
              {compare_value(printed, value, expected), counter + 1, binding, env}

            {:error, shown} ->
              {compare_error(printed, shown, expected), counter, binding, env}
          end

        problems =
          if problem,
            do: ["#{location.(line)}: `#{first_line(code)}`: #{problem}" | problems],
            else: problems

        {problems, counter, binding, env}
      end)

    Enum.reverse(problems)
  end

  defp first_line(code), do: code |> String.split("\n") |> hd()

  # Evaluates as iex does (file "iex", line = the prompt's number) with standard output captured.
  defp evaluate(code, counter, binding, env) do
    {:ok, io} = StringIO.open("")
    leader = Process.group_leader()
    Process.group_leader(self(), io)

    outcome =
      try do
        quoted = Code.string_to_quoted!(code, file: "iex", line: counter)
        {value, binding, env} = Code.eval_quoted_with_env(quoted, binding, %{env | file: "iex"})
        {:ok, value, binding, env}
      rescue
        error -> {:error, "** (#{inspect(error.__struct__)}) #{Exception.message(error)}"}
      catch
        :throw, value -> {:error, "** (throw) #{inspect(value)}"}
        :exit, value -> {:error, "** (exit) #{inspect(value)}"}
      after
        Process.group_leader(self(), leader)
      end

    {:ok, {_, printed}} = StringIO.close(io)
    {String.split(printed, "\n", trim: true), outcome}
  end

  defp split_printed(printed, expected) do
    if Enum.take(expected, length(printed)) == printed do
      {:ok, Enum.drop(expected, length(printed))}
    else
      {:error, "printed #{inspect(printed)}, the page shows #{inspect(expected)}"}
    end
  end

  defp compare_value(printed, value, expected) do
    with {:ok, rest} <- split_printed(printed, expected),
         :ok <- same_value(value, Enum.join(rest, "\n")) do
      nil
    else
      {:error, problem} -> problem
    end
  end

  defp same_value(value, "") do
    {:error, "the page shows no result; iex prints #{inspect(value)}"}
  end

  defp same_value(value, "#" <> _ = shown) do
    kind = shown |> String.trim_leading("#") |> String.split("<") |> hd()
    got = inspect(value)

    cond do
      kind in @opaque_kinds and String.starts_with?(got, "##{kind}<") -> :ok
      got == shown -> :ok
      true -> {:error, "iex prints #{got}, the page shows #{shown}"}
    end
  end

  # iex cuts long values short with `...` (`<<70, 79, 82, ...>>`): such a result is compared
  # with `inspect/1`, each `...` standing for whatever iex left out.
  defp same_value(value, shown) do
    if String.contains?(shown, "...") do
      pattern =
        shown |> String.split("...") |> Enum.map(&Regex.escape(squash(&1))) |> Enum.join(".*?")

      if Regex.match?(~r/\A#{pattern}\z/s, squash(inspect(value, limit: :infinity))),
        do: :ok,
        else: {:error, "iex prints #{inspect(value)}, the page shows #{shown}"}
    else
      {expected, _} = Code.eval_string(shown)

      if expected === value,
        do: :ok,
        else: {:error, "iex prints #{inspect(value)}, the page shows #{shown}"}
    end
  rescue
    error -> {:error, "the result shown, #{shown}, is not Elixir: #{Exception.message(error)}"}
  end

  defp squash(text), do: text |> String.split() |> Enum.join(" ")

  defp compare_error(printed, raised, expected) do
    case split_printed(printed, expected) do
      {:ok, rest} ->
        shown = Enum.join(rest, "\n")
        # iex may follow the message with the stack trace, indented; the page may keep it.
        trace = String.replace_prefix(shown, raised, "")

        if trace == "" or (trace != shown and stack_trace?(trace)),
          do: nil,
          else: "iex prints #{raised}, the page shows #{shown}"

      {:error, problem} ->
        problem
    end
  end

  defp stack_trace?(text) do
    text
    |> String.split("\n", trim: true)
    |> Enum.all?(&(String.trim(&1) == "" or String.starts_with?(&1, "    ")))
  end
end

[dir] = System.argv()
files = dir |> Path.join("*.iex") |> Path.wildcard() |> Enum.sort()
problems = Enum.flat_map(files, &Transcript.check_file/1)
Enum.each(problems, &IO.puts/1)
IO.puts("  #{length(files)} transcripts, #{length(problems)} problem(s)")
if problems != [], do: System.halt(1)
