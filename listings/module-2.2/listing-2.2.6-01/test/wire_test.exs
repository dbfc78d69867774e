defmodule WireTest do
  use ExUnit.Case, async: true

  test "the accept value of RFC 6455's example key" do
    assert Wire.accept("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    assert Wire.accept("dGhlIHNhbXBsZSBub25jZQ==") ==
             :cow_ws.encode_key("dGhlIHNhbXBsZSBub25jZQ==")
  end

  test "masking twice gives the data back, and matches RFC 6455's masked Hello" do
    key = <<0x37, 0xFA, 0x21, 0x3D>>
    assert Wire.mask("Hello", key) == <<0x7F, 0x9F, 0x4D, 0x51, 0x58>>
    assert Wire.mask(Wire.mask("any bytes at all", key), key) == "any bytes at all"
  end

  test "the program joins, gets its reply, heartbeats and closes cleanly" do
    output = ExUnit.CaptureIO.capture_io(fn -> assert Wire.main() == :ok end)
    assert output =~ "HTTP/1.1 101 Switching Protocols"
    assert output =~ "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    assert output =~
             ~s(reads   ["1","1","room:lobby","phx_reply",{"status":"ok","response":{"history":[]}}])

    assert output =~ ~s(reads   [null,"2","phoenix","phx_reply",{"status":"ok","response":{}}])
    assert output =~ "reads   code 1000"
  end
end
