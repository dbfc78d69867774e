defmodule Chat.TokenBucket do
  @moduledoc """
  A token bucket as a plain value: `rate` tokens a second flow in, at most
  `burst` are kept, and each message spends one.

  The bucket holds no timer. It remembers when it was last topped up and adds
  what the elapsed time earned when it is asked, so a room with ten thousand
  idle users costs no wake-ups. Time is passed in (milliseconds from a
  monotonic clock) so the tests can drive it without waiting.
  """

  @enforce_keys [:tokens, :at, :rate, :burst]
  defstruct [:tokens, :at, :rate, :burst]

  @type t :: %__MODULE__{tokens: float(), at: integer(), rate: number(), burst: pos_integer()}

  @doc "A full bucket at time `now_ms`."
  @spec new(number(), pos_integer(), integer()) :: t()
  def new(rate, burst, now_ms) when rate > 0 and burst > 0 do
    %__MODULE__{tokens: burst * 1.0, at: now_ms, rate: rate, burst: burst}
  end

  # ANCHOR: chat_token_bucket
  @doc "Spends one token if there is one."
  @spec take(t(), integer()) :: {:ok, t()} | {:error, :empty, t()}
  def take(%__MODULE__{} = bucket, now_ms) do
    earned = max(now_ms - bucket.at, 0) * bucket.rate / 1000
    tokens = min(bucket.tokens + earned, bucket.burst * 1.0)
    bucket = %{bucket | tokens: tokens, at: now_ms}

    if tokens >= 1.0 do
      {:ok, %{bucket | tokens: tokens - 1.0}}
    else
      {:error, :empty, bucket}
    end
  end

  # ANCHOR_END: chat_token_bucket

  @doc "Whether the bucket has refilled to its burst by `now_ms`."
  @spec full?(t(), integer()) :: boolean()
  def full?(%__MODULE__{} = bucket, now_ms) do
    bucket.tokens + max(now_ms - bucket.at, 0) * bucket.rate / 1000 >= bucket.burst
  end
end
