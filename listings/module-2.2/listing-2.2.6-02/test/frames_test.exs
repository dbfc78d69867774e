defmodule FramesTest do
  use ExUnit.Case, async: true

  describe "the examples of RFC 6455 section 5.7" do
    test "a masked and an unmasked Hello decode alike" do
      assert Frames.decode(<<0x81, 0x05, "Hello">>, nil) == {:ok, {:text, "Hello"}, ""}

      masked = <<0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58>>
      assert Frames.decode(masked, nil) == {:ok, {:text, "Hello"}, ""}

      assert IO.iodata_to_binary(Frames.encode({:text, "Hello"}, <<0x37, 0xFA, 0x21, 0x3D>>)) ==
               masked
    end

    test "a fragmented Hello is two frames, the second a continuation" do
      assert Frames.decode(<<0x01, 0x03, "Hel">>, nil) ==
               {:ok, {:fragment, :nofin, :text, "Hel"}, ""}

      assert Frames.decode(<<0x80, 0x02, "lo">>, :text) ==
               {:ok, {:fragment, :fin, :text, "lo"}, ""}

      assert Frames.decode(<<0x80, 0x02, "lo">>, nil) == {:error, :unexpected_continuation}
    end

    test "256 bytes take the 16-bit length, 64 KiB the 64-bit one" do
      assert <<0x82, 0x7E, 0x01, 0x00, _::binary>> =
               IO.iodata_to_binary(Frames.encode({:binary, :binary.copy(<<0>>, 256)}))

      assert <<0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0, _::binary>> =
               IO.iodata_to_binary(Frames.encode({:binary, :binary.copy(<<0>>, 65_536)}))
    end
  end

  test "what a server must refuse" do
    assert Frames.decode(<<0xC1, 0x00>>, nil) == {:error, :reserved_bits}
    assert Frames.decode(<<0x83>>, nil) == {:error, :reserved_opcode}
    assert Frames.decode(<<0x09, 0x00>>, nil) == {:error, :fragmented_control}
    assert Frames.decode(<<0x89, 0x7E, 126::16>>, nil) == {:error, :control_too_long}
    assert Frames.decode(<<0x81, 0x7E, 5::16, "Hello">>, nil) == {:error, :non_minimal_length}
    assert Frames.decode(<<0x88, 0x02, 1005::16>>, nil) == {:error, :bad_close_code}
    assert Frames.decode(<<0x81, 0x02, 0xC3, 0x28>>, nil) == {:error, :invalid_utf8}
  end

  test "a text fragment may end inside a character, the last one may not" do
    # "é" is C3 A9: split across two fragments.
    assert {:ok, {:fragment, :nofin, :text, <<?a, 0xC3>>}, ""} =
             Frames.decode(<<0x01, 0x02, ?a, 0xC3>>, nil)

    assert Frames.decode(<<0x80, 0x01, 0xC3>>, :text) == {:error, :invalid_utf8}
  end

  test "a frame not all there yet is :more" do
    whole = IO.iodata_to_binary(Frames.encode({:text, "Hello"}, <<1, 2, 3, 4>>))

    for n <- 0..(byte_size(whole) - 1) do
      assert Frames.decode(binary_part(whole, 0, n), nil) == :more
    end
  end

  describe "against cow_ws (PropEr)" do
    test "encoding gives cow_ws's bytes" do
      assert :proper.quickcheck(Frames.Properties.encodes_like_cow_ws(), [:quiet, numtests: 300])
    end

    test "masked frames round-trip through both decoders" do
      assert :proper.quickcheck(Frames.Properties.round_trips(), [:quiet, numtests: 300])
    end

    test "both decoders agree on arbitrary bytes" do
      assert :proper.quickcheck(Frames.Properties.agrees_on_any_bytes(), [:quiet, numtests: 3000])
    end
  end
end
