defmodule ChatCommandTest do
  use ExUnit.Case, async: true

  describe "commands" do
    test "join, nick and quit" do
      assert ChatCommand.parse("/join lobby") == {:ok, {:join, "lobby"}}
      assert ChatCommand.parse("/nick ada") == {:ok, {:nick, "ada"}}
      assert ChatCommand.parse("/quit") == {:ok, :quit}
    end

    test "a direct message keeps the spaces of its text" do
      assert ChatCommand.parse("/msg ada see you at 5") ==
               {:ok, {:direct, "ada", "see you at 5"}}
    end

    test "anything not starting with a slash is said in the room" do
      assert ChatCommand.parse("hello, everyone") == {:ok, {:say, "hello, everyone"}}
      assert ChatCommand.parse("quit") == {:ok, {:say, "quit"}}
    end
  end

  describe "input the user can fix is refused with a reason" do
    test "empty lines, missing text, unknown commands" do
      assert ChatCommand.parse("") == {:error, :empty}
      assert ChatCommand.parse("/msg ada") == {:error, :missing_text}
      assert ChatCommand.parse("/msg ada ") == {:error, :missing_text}
      assert ChatCommand.parse("/kick bob") == {:error, {:unknown_command, "kick"}}
    end

    test "a known command without its argument says which" do
      for command <- ["join", "nick", "msg"] do
        assert ChatCommand.parse("/" <> command) == {:error, {:missing_argument, command}}
      end
    end

    test "names must be 1 to 32 bytes of UTF-8 without white space" do
      assert ChatCommand.parse("/join ") == {:error, {:bad_name, ""}}
      assert ChatCommand.parse("/nick ada lovelace") == {:error, {:bad_name, "ada lovelace"}}
      assert ChatCommand.parse("/join a\tb") == {:error, {:bad_name, "a\tb"}}
      assert ChatCommand.parse("/nick ada\n") == {:error, {:bad_name, "ada\n"}}
      assert ChatCommand.parse("/join " <> <<0xFF>>) == {:error, {:bad_name, <<0xFF>>}}
      long = String.duplicate("a", 33)
      assert ChatCommand.parse("/join " <> long) == {:error, {:bad_name, long}}

      assert ChatCommand.parse("/join " <> String.duplicate("a", 32)) ==
               {:ok, {:join, String.duplicate("a", 32)}}
    end

    test "the limits count bytes, not characters" do
      # 16 characters, but 32 bytes in UTF-8: still a valid name.
      assert {:ok, {:join, _}} = ChatCommand.parse("/join " <> String.duplicate("é", 16))
      # 17 characters, 34 bytes: too long, although 17 ASCII letters would pass.
      assert {:error, {:bad_name, _}} = ChatCommand.parse("/join " <> String.duplicate("é", 17))
      # 600 characters, 1,200 bytes: over the 1,000-byte line limit.
      assert ChatCommand.parse(String.duplicate("é", 600)) == {:error, :too_long}
      assert {:ok, {:say, _}} = ChatCommand.parse(String.duplicate("e", 600))
    end
  end

  test "a caller that passes something other than a string has a bug, and crashes" do
    assert_raise FunctionClauseError, fn -> ChatCommand.parse(:quit) end
    assert_raise FunctionClauseError, fn -> ChatCommand.parse(nil) end
    assert_raise FunctionClauseError, fn -> ChatCommand.parse('/quit') end
  end
end
