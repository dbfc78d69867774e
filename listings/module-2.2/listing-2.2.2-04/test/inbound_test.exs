defmodule InboundTest do
  use ExUnit.Case, async: true

  defp frame(topic \\ "room:lobby", event \\ "new_msg", payload \\ %{"body" => "hi"}),
    do: [nil, "1", topic, event, payload]

  defp bucket, do: TokenBucket.new(3, 1, 0)

  test "a good frame is accepted and costs one token" do
    assert {:ok, %{room: "lobby", body: "hi", ref: "1"}, after_take} =
             Inbound.accept(frame(), bucket(), 0)

    assert after_take.milli_tokens == 2_000
  end

  test "each failed check has its own reason" do
    assert Inbound.accept("hello", bucket(), 0) == {:error, :malformed_frame}
    assert Inbound.accept([1, 2, 3], bucket(), 0) == {:error, :malformed_frame}

    assert Inbound.accept([nil, 42, "room:lobby", "new_msg", %{}], bucket(), 0) ==
             {:error, :malformed_frame}

    assert Inbound.accept(frame("room:lobby", "shout"), bucket(), 0) ==
             {:error, {:unknown_event, "shout"}}

    assert Inbound.accept(frame("lobby"), bucket(), 0) == {:error, {:unknown_topic, "lobby"}}
    assert Inbound.accept(frame("room:"), bucket(), 0) == {:error, {:unknown_topic, "room:"}}

    assert Inbound.accept(frame("room:lobby", "new_msg", %{}), bucket(), 0) ==
             {:error, :missing_body}

    assert Inbound.accept(frame("room:lobby", "new_msg", %{"body" => 42}), bucket(), 0) ==
             {:error, :missing_body}

    long = %{"body" => String.duplicate("é", 1_001)}

    assert Inbound.accept(frame("room:lobby", "new_msg", long), bucket(), 0) ==
             {:error, {:too_long, 2_002}}
  end

  test "the first failing check wins: a bad topic is reported before a missing body" do
    assert Inbound.accept(frame("lobby", "new_msg", %{}), bucket(), 0) ==
             {:error, {:unknown_topic, "lobby"}}
  end

  test "with an empty bucket, a bad frame still hears what is wrong with it" do
    {:ok, b} = TokenBucket.take(bucket(), 0)
    {:ok, b} = TokenBucket.take(b, 0)
    {:ok, empty} = TokenBucket.take(b, 0)

    # The bucket is the last step, so the checks before it report their own reasons.
    assert Inbound.accept(frame("room:lobby", "new_msg", %{}), empty, 0) ==
             {:error, :missing_body}

    assert Inbound.accept(frame("lobby"), empty, 0) == {:error, {:unknown_topic, "lobby"}}
    assert Inbound.accept(frame(), empty, 0) == {:error, :rate_limited}
  end

  test "a burst drains the bucket, and time refills it" do
    {:ok, b} = TokenBucket.take(bucket(), 0)
    {:ok, b} = TokenBucket.take(b, 0)
    {:ok, b} = TokenBucket.take(b, 0)
    assert TokenBucket.take(b, 999) == {:error, :rate_limited}
    assert {:ok, _} = TokenBucket.take(b, 1_000)
  end

  test "a bucket never holds more than its capacity, however long it waited" do
    {:ok, b} = TokenBucket.take(bucket(), 0)
    {:ok, b} = TokenBucket.take(b, 3_600_000)
    assert b.milli_tokens == 2_000
  end

  test "a token is back exactly when its time has passed, with no rounding error" do
    {:ok, b} = TokenBucket.take(bucket(), 0)
    {:ok, b} = TokenBucket.take(b, 10)
    {:ok, b} = TokenBucket.take(b, 20)
    # 20 milli-tokens were left at 20 ms; 980 ms later they add up to one token exactly.
    assert TokenBucket.take(b, 999) == {:error, :rate_limited}
    assert {:ok, %TokenBucket{milli_tokens: 0}} = TokenBucket.take(b, 1_000)
  end

  test "the demo refuses the malformed frames and the fourth message of the burst" do
    output = ExUnit.CaptureIO.capture_io(&Inbound.main/0)
    assert output =~ "t=30 refused  :rate_limited"
    assert output =~ ~s(t=1030 accepted %{body: "hello", ref: "9", room: "lobby"})
  end
end
