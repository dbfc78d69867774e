defmodule MiniPubSub do
  @moduledoc """
  A publish/subscribe bus in a dozen lines, built on OTP's `:pg` (process
  groups), to show what Phoenix.PubSub stands on.

  A topic is a `:pg` group and a subscriber is a member of it. `:pg` monitors
  every member, so a subscriber that dies leaves its groups without anyone
  unsubscribing it. Groups live in a *scope*, a process started per node;
  scopes of the same name on connected nodes exchange their members, so
  `broadcast/3` reaches subscribers on every node of the cluster and
  `local_subscribers/2` only those on this one.

  A broadcast is one `send/2` per member: its cost grows with the number of
  subscribers, and the sender pays it.
  """

  # ANCHOR: channels_pg_api
  @doc "Starts a scope: the process that holds this node's view of the groups."
  @spec start_link(atom()) :: {:ok, pid()} | {:error, term()}
  def start_link(scope), do: :pg.start_link(scope)

  @doc false
  @spec child_spec(atom()) :: Supervisor.child_spec()
  def child_spec(scope), do: %{id: scope, start: {__MODULE__, :start_link, [scope]}}

  @doc "Subscribes the calling process to `topic`."
  @spec subscribe(atom(), term()) :: :ok
  def subscribe(scope, topic), do: :pg.join(scope, topic, self())

  @doc "Unsubscribes the calling process from `topic` (once per subscribe)."
  @spec unsubscribe(atom(), term()) :: :ok | :not_joined
  def unsubscribe(scope, topic), do: :pg.leave(scope, topic, self())

  @doc "Sends `message` to every subscriber of `topic`, on every node; returns how many."
  @spec broadcast(atom(), term(), term()) :: non_neg_integer()
  def broadcast(scope, topic, message) do
    members = :pg.get_members(scope, topic)
    Enum.each(members, &send(&1, message))
    length(members)
  end

  @doc "The subscribers of `topic` in the whole cluster, and on this node only."
  @spec subscribers(atom(), term()) :: [pid()]
  def subscribers(scope, topic), do: :pg.get_members(scope, topic)

  @spec local_subscribers(atom(), term()) :: [pid()]
  def local_subscribers(scope, topic), do: :pg.get_local_members(scope, topic)
  # ANCHOR_END: channels_pg_api
end
