defmodule Chat.Demo do
  @moduledoc """
  Walks through the listing's types the way a room would use them: messages arrive, the
  history keeps the last few, a log prints them and the wire gets one frame per message.
  """

  alias Chat.{Frame, History, Message, Notice}

  # ANCHOR: main
  @doc "Fills a history of three with four messages and prints what each protocol gives."
  @spec main() :: :ok
  def main do
    history =
      [{"ada", "hello"}, {"bob", "hi ada"}, {"ada", "who is on tonight?"}, {"cy", "me"}]
      |> Enum.map(fn {from, body} -> %Message{room: "lobby", from: from, body: body} end)
      |> Enum.reduce(History.new(3), &History.push(&2, &1))

    IO.puts("kept #{Enum.count(history)} of 4 messages, oldest first:")
    Enum.each(history, &IO.puts("  #{&1}"))

    edited = history |> Enum.at(0) |> Message.edit("hi, ada!")
    IO.puts("after an edit: #{edited}")

    IO.puts("ada wrote #{Enum.count(history, &(&1.from == "ada"))} of them")
    IO.puts("frames:")

    for value <- [edited, %Notice{room: "lobby", text: "cy joined"}] do
      IO.puts(
        "  #{inspect(value.__struct__)}: #{inspect(Frame.to_frame(value), width: :infinity)}"
      )
    end

    :ok
  end

  # ANCHOR_END: main
end
