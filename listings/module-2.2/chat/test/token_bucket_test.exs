defmodule Chat.TokenBucketTest do
  use ExUnit.Case, async: true

  alias Chat.TokenBucket

  test "a full bucket allows a burst, then refuses, then refills with time" do
    bucket = TokenBucket.new(5, 10, 0)

    bucket =
      Enum.reduce(1..10, bucket, fn _, bucket ->
        assert {:ok, bucket} = TokenBucket.take(bucket, 0)
        bucket
      end)

    assert {:error, :empty, bucket} = TokenBucket.take(bucket, 0)
    # 5 tokens a second: one more after 200 ms, not before.
    assert {:error, :empty, bucket} = TokenBucket.take(bucket, 199)
    assert {:ok, bucket} = TokenBucket.take(bucket, 200)
    refute TokenBucket.full?(bucket, 1_000)
    assert TokenBucket.full?(bucket, 2_200)
  end

  test "tokens never exceed the burst" do
    bucket = TokenBucket.new(5, 2, 0)
    assert {:ok, bucket} = TokenBucket.take(bucket, 60_000)
    assert {:ok, bucket} = TokenBucket.take(bucket, 60_000)
    assert {:error, :empty, _} = TokenBucket.take(bucket, 60_000)
  end
end
