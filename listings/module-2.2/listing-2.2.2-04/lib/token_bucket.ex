defmodule TokenBucket do
  @moduledoc """
  A token bucket rate limiter as a plain value: `capacity` tokens at most, refilled at
  `per_second` tokens a second, one token taken per message.

  It is a struct and a few pure functions, not a process: the caller passes the current time
  in milliseconds and keeps the bucket that comes back. That makes every outcome reproducible
  in a test (no sleeping, no clock), and lets the room process of a later chapter keep one
  bucket per user in its state.

  The bucket counts in thousandths of a token, as integers. With floats, spending a token at 0,
  10 and 20 ms leaves 0.019999999999999796 of one, and 980 ms of refill later the sum falls just
  short of 1: the message that is due would be refused.
  """

  # ANCHOR: bucket
  @enforce_keys [:capacity, :per_second, :milli_tokens, :updated_at]
  defstruct [:capacity, :per_second, :milli_tokens, :updated_at]

  @type t :: %__MODULE__{
          capacity: pos_integer(),
          per_second: pos_integer(),
          milli_tokens: non_neg_integer(),
          updated_at: integer()
        }

  # One token is 1,000 milli-tokens, and one millisecond refills `per_second` of them.
  @milli 1_000

  @doc "A full bucket at time `now_ms`."
  @spec new(pos_integer(), pos_integer(), integer()) :: t()
  def new(capacity, per_second, now_ms)
      when is_integer(capacity) and capacity > 0 and is_integer(per_second) and per_second > 0 do
    %__MODULE__{
      capacity: capacity,
      per_second: per_second,
      milli_tokens: capacity * @milli,
      updated_at: now_ms
    }
  end

  @doc "Takes one token at time `now_ms`, after refilling for the time that has passed."
  @spec take(t(), integer()) :: {:ok, t()} | {:error, :rate_limited}
  def take(%__MODULE__{} = bucket, now_ms) do
    elapsed_ms = max(now_ms - bucket.updated_at, 0)
    refilled = min(bucket.capacity * @milli, bucket.milli_tokens + elapsed_ms * bucket.per_second)

    if refilled >= @milli do
      {:ok, %{bucket | milli_tokens: refilled - @milli, updated_at: now_ms}}
    else
      {:error, :rate_limited}
    end
  end

  # ANCHOR_END: bucket
end
