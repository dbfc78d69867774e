defmodule Chat.SerializerTest do
  use ExUnit.Case, async: true

  alias Chat.Serializer

  test "decodes a V2 message" do
    assert {:ok, message} = Serializer.decode(~s(["1","2","room:a","new_msg",{"body":"hi"}]))

    assert message == %{
             join_ref: "1",
             ref: "2",
             topic: "room:a",
             event: "new_msg",
             payload: %{"body" => "hi"}
           }

    assert {:ok, %{join_ref: nil, ref: nil}} =
             Serializer.decode(~s([null,null,"phoenix","heartbeat",{}]))
  end

  test "refuses what is not a five-element message" do
    assert {:error, :invalid_json} = Serializer.decode("[1,2")
    assert {:error, :invalid_json} = Serializer.decode("")
    assert {:error, :invalid_message} = Serializer.decode(~s(["1","2","t","e"]))
    assert {:error, :invalid_message} = Serializer.decode(~s(["1","2","t","e",{},6]))
    assert {:error, :invalid_message} = Serializer.decode(~s(["1","2","t","e",[]]))
    assert {:error, :invalid_message} = Serializer.decode(~s([{},"2","t","e",{}]))
    assert {:error, :invalid_message} = Serializer.decode(~s({"topic":"t"}))
  end

  test "a reply and a push have Phoenix's shape" do
    reply = Serializer.reply("1", "2", "room:a", :error, %{reason: "too_long"})

    assert :jiffy.decode(reply, [:return_maps, {:null_term, nil}]) ==
             [
               "1",
               "2",
               "room:a",
               "phx_reply",
               %{"status" => "error", "response" => %{"reason" => "too_long"}}
             ]

    push = Serializer.push(nil, "room:a", "new_msg", %{"body" => "x"})

    assert :jiffy.decode(push, [:return_maps]) == [
             :null,
             :null,
             "room:a",
             "new_msg",
             %{"body" => "x"}
           ]
  end

  # PropEr: any message survives encoding, masking into a WebSocket frame,
  # parsing the frame back and decoding.
  test "property: serializer and frame round trip" do
    text = :proper_unicode.utf8()
    ref = :proper_types.oneof([nil, text])

    value = :proper_types.oneof([text, :proper_types.integer(), :proper_types.bool(), nil])
    # PropEr 1.2 has no map type: build one from a list of pairs (its ?LET).
    pairs = :proper_types.list(:proper_types.tuple([text, value]))
    payload = :proper_types.bind(pairs, &Map.new/1, false)
    message = :proper_types.tuple([ref, ref, text, text, payload])

    property =
      :proper.forall(message, fn {join_ref, ref, topic, event, payload} ->
        wire = IO.iodata_to_binary(Serializer.encode([join_ref, ref, topic, event, payload]))
        frame = IO.iodata_to_binary(:cow_ws.masked_frame({:text, wire}, %{}))
        {type, frag, rsv, len, mask, rest} = :cow_ws.parse_header(frame, %{}, :undefined)

        {:ok, unmasked, 0, <<>>} =
          :cow_ws.parse_payload(rest, mask, 0, 0, type, len, frag, %{}, rsv)

        Serializer.decode(unmasked) ==
          {:ok, %{join_ref: join_ref, ref: ref, topic: topic, event: event, payload: payload}}
      end)

    assert :proper.quickcheck(property, [:quiet, numtests: 300]) == true
  end
end
