defmodule Exercise22602Test do
  use ExUnit.Case, async: true

  import Exercise22602

  test "the example of RFC 6455 section 1.3" do
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == {:ok, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}
  end

  test "keys that are not 16 bytes in base64 are refused" do
    for key <- [
          "",
          "not base64!",
          Base.encode64(<<0::120>>),
          Base.encode64(<<0::136>>),
          "dGhlIHNhbXBsZSBub25jZQ"
        ] do
      assert accept_key(key) == {:error, :invalid_key}, "key #{inspect(key)}"
    end

    assert accept_key(nil) == {:error, :invalid_key}
  end

  test "agrees with cow_ws on random keys" do
    for _ <- 1..200 do
      key = Base.encode64(:crypto.strong_rand_bytes(16))
      assert accept_key(key) == {:ok, :cow_ws.encode_key(key)}
    end
  end
end
