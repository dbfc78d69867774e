defmodule Exercise22601Test do
  use ExUnit.Case, async: true

  import Exercise22601

  test "a normal closure, with and without a reason" do
    assert parse_close(<<1000::16>>) == {:ok, 1000, ""}

    assert parse_close(<<1001::16, "server shutting down">>) ==
             {:ok, 1001, "server shutting down"}

    assert parse_close(<<4000::16, "é">>) == {:ok, 4000, "é"}
  end

  test "no payload means no status code: the application sees 1005" do
    assert parse_close(<<>>) == {:ok, 1005, ""}
  end

  test "lengths a close payload cannot have" do
    assert parse_close(<<3>>) == {:error, :bad_length}
    assert parse_close(<<1000::16, :binary.copy("x", 124)::binary>>) == {:error, :too_long}
    assert {:ok, 1000, _} = parse_close(<<1000::16, :binary.copy("x", 123)::binary>>)
  end

  test "codes RFC 6455 keeps off the wire, and 1012, which cow_ws refuses" do
    for code <- [0, 999, 1004, 1005, 1006, 1012, 1015, 2999, 5000, 65_535] do
      assert parse_close(<<code::16>>) == {:error, {:bad_code, code}}
    end
  end

  test "the reason must be UTF-8" do
    assert parse_close(<<1000::16, 0xFF>>) == {:error, :invalid_utf8}
  end

  test "every code is judged as cow_ws judges it" do
    for code <- 0..5_100 do
      ours = match?({:ok, _, _}, parse_close(<<code::16>>))
      masked = <<0x88, 0x82, 0::32, code::16>>
      {:close, frag, rsv, 2, key, rest} = :cow_ws.parse_header(masked, %{}, :undefined)

      theirs =
        match?(
          {:ok, _, _, _, _},
          :cow_ws.parse_payload(rest, key, 0, 0, :close, 2, frag, %{}, rsv)
        )

      assert ours == theirs, "code #{code}: ours #{ours}, cow_ws #{theirs}"
    end
  end
end
