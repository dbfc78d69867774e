defmodule RequestLineTest do
  use ExUnit.Case, async: true

  test "a request line becomes a map of atoms, strings and a version tuple" do
    assert RequestLine.parse("GET /rooms/lobby HTTP/1.1") ==
             {:ok, %{method: :get, target: "/rooms/lobby", version: {1, 1}}}

    assert RequestLine.parse("DELETE /rooms/lobby?force=true HTTP/1.0") ==
             {:ok, %{method: :delete, target: "/rooms/lobby?force=true", version: {1, 0}}}
  end

  test "all five methods are known" do
    for {text, atom} <- [
          {"GET", :get},
          {"HEAD", :head},
          {"POST", :post},
          {"PUT", :put},
          {"DELETE", :delete}
        ] do
      assert {:ok, %{method: ^atom}} = RequestLine.parse(text <> " / HTTP/1.1")
    end
  end

  test "anything but exactly three parts is malformed" do
    assert RequestLine.parse("") == {:error, :malformed}
    assert RequestLine.parse("GET /rooms") == {:error, :malformed}
    assert RequestLine.parse("GET  /rooms HTTP/1.1") == {:error, :malformed}
    assert RequestLine.parse("GET /rooms HTTP/1.1 extra") == {:error, :malformed}
  end

  test "each part is refused with its own reason" do
    assert RequestLine.parse("BREW /pot HTTP/1.1") == {:error, {:unsupported_method, "BREW"}}
    assert RequestLine.parse("get /rooms HTTP/1.1") == {:error, {:unsupported_method, "get"}}
    assert RequestLine.parse("GET rooms HTTP/1.1") == {:error, {:bad_target, "rooms"}}
    assert RequestLine.parse("GET /rooms HTTP/2") == {:error, {:unsupported_version, "HTTP/2"}}
  end

  test "the method is checked first, then the target, then the version" do
    assert RequestLine.parse("BREW pot HTTP/9") == {:error, {:unsupported_method, "BREW"}}
    assert RequestLine.parse("GET pot HTTP/9") == {:error, {:bad_target, "pot"}}
  end

  test "an unknown method does not create an atom" do
    method = "X" <> Integer.to_string(System.unique_integer([:positive]))
    assert {:error, {:unsupported_method, ^method}} = RequestLine.parse(method <> " / HTTP/1.1")

    for name <- [method, String.downcase(method)] do
      assert_raise ArgumentError, fn -> String.to_existing_atom(name) end
    end
  end

  test "something that is not a string is a bug in the caller" do
    assert_raise FunctionClauseError, fn -> RequestLine.parse(nil) end
    assert_raise FunctionClauseError, fn -> RequestLine.parse('GET / HTTP/1.1') end
  end
end
