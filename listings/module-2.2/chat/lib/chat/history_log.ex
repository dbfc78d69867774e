defmodule Chat.HistoryLog do
  @moduledoc """
  A room's messages on disk: one append-only file per room under the data
  folder, `<data_dir>/rooms/<room>.log`.

  Each record is a 4-byte big-endian length followed by the message map in the
  external term format. Appending is the only write, so a crash can at worst
  leave a torn last record; `open/2` reads records until the first one that is
  short or does not decode and cuts the file there, so the next append starts
  on a record boundary.

  Why a log and not DETS: the room only ever appends and reads back its tail,
  which a log does in one sequential write per message, while DETS would keep a
  hash table (and need repair after an unclean stop) for keys we never look up.

  Fsync policy: every append is followed by `:file.datasync/1` before the room
  answers the sender, so an acknowledged message survives a power cut, not just
  a crash of the VM. That costs a disk flush per message (a few milliseconds on
  a spinning disk, far less on an SSD), which a chat room's rate of a few
  messages a second per user affords; a busier system would batch the syncs.

  The file grows without bound; when it holds more than `@compact_over`
  records at open, it is rewritten with the latest `keep` records (to a
  temporary file that is then renamed over the old one, so a crash mid-way
  leaves one of the two whole).
  """

  @compact_over 1_000

  @enforce_keys [:path, :io]
  defstruct [:path, :io]

  @type t :: %__MODULE__{path: Path.t(), io: :file.io_device()}
  @type message :: %{optional(String.t()) => term()}

  @doc """
  Opens (creating if needed) the log for `room` in `dir` and returns it with
  its latest `keep` messages, oldest first.
  """
  @spec open(Path.t(), String.t(), pos_integer()) :: {t(), [message()]}
  def open(dir, room, keep) do
    rooms = Path.join(dir, "rooms")
    File.mkdir_p!(rooms)
    path = Path.join(rooms, room <> ".log")

    {messages, good_bytes} = read_all(path)
    count = length(messages)

    if count > @compact_over do
      rewrite(path, Enum.take(messages, -keep))
    else
      truncate_torn_tail(path, good_bytes)
    end

    {:ok, io} = :file.open(path, [:append, :raw, :binary])
    {%__MODULE__{path: path, io: io}, Enum.take(messages, -keep)}
  end

  @doc "Appends one message and waits until it is on disk."
  @spec append(t(), message()) :: :ok
  def append(%__MODULE__{io: io}, message) do
    :ok = :file.write(io, record(message))
    :ok = :file.datasync(io)
  end

  @doc "Closes the file."
  @spec close(t()) :: :ok
  def close(%__MODULE__{io: io}), do: :file.close(io)

  defp record(message) do
    bin = :erlang.term_to_binary(message)
    [<<byte_size(bin)::32>>, bin]
  end

  defp read_all(path) do
    case File.read(path) do
      {:ok, data} -> parse(data, [], 0)
      {:error, :enoent} -> {[], 0}
    end
  end

  defp parse(<<size::32, bin::binary-size(size), rest::binary>>, acc, offset) do
    case safe_decode(bin) do
      {:ok, message} -> parse(rest, [message | acc], offset + 4 + size)
      :error -> {Enum.reverse(acc), offset}
    end
  end

  defp parse(_torn_or_empty, acc, offset), do: {Enum.reverse(acc), offset}

  defp safe_decode(bin) do
    case :erlang.binary_to_term(bin, [:safe]) do
      %{} = message -> {:ok, message}
      _ -> :error
    end
  rescue
    ArgumentError -> :error
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

  defp rewrite(path, messages) do
    tmp = path <> ".tmp"
    File.write!(tmp, Enum.map(messages, &record/1), [:sync])
    File.rename!(tmp, path)
  end
end
