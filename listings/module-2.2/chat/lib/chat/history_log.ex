defmodule Chat.HistoryLog do
  @moduledoc """
  A room's messages on disk: one append-only file per room under the data
  folder, `<data_dir>/rooms/<room>.log`.

  Each record is a 4-byte big-endian length, a 4-byte CRC32
  (`:erlang.crc32/1`) of the length and the payload, then the message map in
  the external term format.

  ## What a damaged file does

  Appending is the only write, so a crash can at worst leave a torn last
  record: `open/3` cuts the file at the end of the last good record, so the
  next append starts on a record boundary. A record in the middle whose CRC
  does not match (a bad sector, a stray write) is skipped when a good record
  follows it, since then its length was right and only its bytes are bad:
  losing one message is better than losing every message after it. A bad
  record with no good record after it is treated as a torn tail and cut. The
  next compaction drops skipped records for good.

  Why a log and not DETS: the room only ever appends and reads back its tail,
  which a log does in one sequential write per message, while DETS would keep a
  hash table (and need repair after an unclean stop) for keys we never look up.

  Fsync policy: every append is followed by `:file.datasync/1` before the room
  answers the sender, so an acknowledged message survives a power cut, not just
  a crash of the VM. That costs a disk flush per message (a few milliseconds on
  a spinning disk, far less on an SSD), which a chat room's rate of a few
  messages a second per user affords; a busier system would batch the syncs.
  One gap remains: a new file's directory entry is durable only once the
  directory itself is synced, and Erlang's `:file` cannot open a directory to
  sync it, so a power cut just after a room's first message could lose that
  file (the message was acknowledged). Closing it needs a NIF or a port.

  A room that is joined but never posted to has no file: the log is created
  by its first append, and a log found empty at open is deleted, so joining
  arbitrary room names costs no files and no file descriptors.

  ## Compaction

  When the file holds more than 1,000 records, at open or while the room
  runs (`compact/2`), it is rewritten with the latest messages only, to a
  temporary file that is then renamed over the old one, so a crash mid-way
  leaves one of the two whole; a temporary file left by such a crash is
  removed at open. So the file stays under about a thousand records, and
  reading it whole at open is bounded.
  """

  @compact_over 1_000

  @enforce_keys [:path, :io, :count]
  defstruct [:path, :io, :count]

  # `io` is nil until the first append creates the file; `count` is the
  # number of records in the file.
  @type t :: %__MODULE__{
          path: Path.t(),
          io: :file.io_device() | nil,
          count: non_neg_integer()
        }
  @type message :: %{optional(String.t()) => term()}

  @doc """
  Opens the log for `room` in `dir` and returns it with its latest `keep`
  messages, oldest first. The file itself is created by the first append.
  """
  # ANCHOR: chat_history_open
  @spec open(Path.t(), String.t(), pos_integer()) :: {t(), [message()]}
  def open(dir, room, keep) do
    rooms = Path.join(dir, "rooms")
    File.mkdir_p!(rooms)
    path = Path.join(rooms, room <> ".log")
    _ = File.rm(path <> ".tmp")

    {messages, good_bytes} = read_all(path)
    count = length(messages)
    kept = Enum.take(messages, -keep)

    count =
      cond do
        count > @compact_over ->
          rewrite(path, kept)
          length(kept)

        count == 0 ->
          remove_empty(path)
          0

        true ->
          truncate_torn_tail(path, good_bytes)
          count
      end

    {%__MODULE__{path: path, io: nil, count: count}, kept}
  end

  # ANCHOR_END: chat_history_open

  # ANCHOR: chat_history_append
  @doc "Appends one message and waits until it is on disk; returns the log to use next."
  @spec append(t(), message()) :: t()
  def append(%__MODULE__{io: nil, path: path} = log, message) do
    {:ok, io} = :file.open(path, [:append, :raw, :binary])
    append(%{log | io: io}, message)
  end

  def append(%__MODULE__{io: io} = log, message) do
    :ok = :file.write(io, record(message))
    :ok = :file.datasync(io)
    %{log | count: log.count + 1}
  end

  # ANCHOR_END: chat_history_append

  @doc """
  Rewrites the file with `latest` (the messages the room keeps) once it holds
  more than 1,000 records; otherwise returns the log as it is.
  """
  @spec compact(t(), [message()]) :: t()
  def compact(%__MODULE__{count: count} = log, latest) when count > @compact_over do
    :ok = close(log)
    rewrite(log.path, latest)
    %{log | io: nil, count: length(latest)}
  end

  def compact(log, _latest), do: log

  @doc "Closes the file, if one was opened."
  @spec close(t()) :: :ok
  def close(%__MODULE__{io: nil}), do: :ok
  def close(%__MODULE__{io: io}), do: :file.close(io)

  # ANCHOR: chat_history_record
  defp record(message) do
    bin = :erlang.term_to_binary(message)
    size = byte_size(bin)
    [<<size::32, :erlang.crc32([<<size::32>>, bin])::32>>, bin]
  end

  defp read_all(path) do
    case File.read(path) do
      {:ok, data} -> parse(data, [], 0)
      {:error, :enoent} -> {[], 0}
    end
  end

  defp parse(<<size::32, crc::32, bin::binary-size(size), rest::binary>>, acc, offset) do
    next = offset + 8 + size

    case check(size, crc, bin) do
      {:ok, message} ->
        parse(rest, [message | acc], next)

      :error ->
        if good_record_at_start?(rest),
          do: parse(rest, acc, next),
          else: {Enum.reverse(acc), offset}
    end
  end

  defp parse(_torn_or_empty, acc, offset), do: {Enum.reverse(acc), offset}

  # ANCHOR_END: chat_history_record

  defp good_record_at_start?(<<size::32, crc::32, bin::binary-size(size), _::binary>>),
    do: check(size, crc, bin) != :error

  defp good_record_at_start?(_), do: false

  defp check(size, crc, bin) do
    if :erlang.crc32([<<size::32>>, bin]) == crc, do: safe_decode(bin), else: :error
  end

  defp safe_decode(bin) do
    case :erlang.binary_to_term(bin, [:safe]) do
      %{} = message -> {:ok, message}
      _ -> :error
    end
  rescue
    ArgumentError -> :error
  end

  # Nothing readable at all (no file, an empty one, or only a torn first record).
  defp remove_empty(path) do
    case File.rm(path) do
      :ok -> :ok
      {:error, :enoent} -> :ok
    end
  end

  defp truncate_torn_tail(path, good_bytes) do
    case File.stat(path) do
      {:ok, %{size: size}} when size > good_bytes ->
        {:ok, io} = :file.open(path, [:read, :write, :raw, :binary])
        {:ok, _} = :file.position(io, good_bytes)
        :ok = :file.truncate(io)
        :ok = :file.close(io)

      _ ->
        :ok
    end
  end

  # ANCHOR: chat_history_rewrite
  defp rewrite(path, messages) do
    tmp = path <> ".tmp"
    File.write!(tmp, Enum.map(messages, &record/1), [:sync])
    File.rename!(tmp, path)
  end

  # ANCHOR_END: chat_history_rewrite
end
