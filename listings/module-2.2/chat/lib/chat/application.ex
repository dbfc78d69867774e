defmodule Chat.Application do
  @moduledoc """
  The supervision tree, started in this order (and stopped in the reverse):

    1. `Chat.RoomRegistry`: room name => room pid on this node;
    2. `Chat.PG`: the `:pg` scope whose groups `{:room, name}` hold each
       room's replicas across the cluster;
    3. `Chat.RoomSupervisor` and `Chat.ChannelSupervisor`: dynamic
       supervisors for rooms and channel processes; the first holds at most
       `:max_rooms` rooms, since any client can name a new one;
    4. `Chat.Endpoint`: the listener, acceptors and connections; stopped
       first, so clients get close code 1001 while the rooms still run;
    5. `Chat.Cluster`: connects to `CHAT_PEERS`.

  Settings come from the `:chat` application environment (defaults in
  mix.exs), and the environment variables `CHAT_PORT`, `CHAT_DATA_DIR`,
  `CHAT_IP` and `CHAT_PEERS` override them when the application starts. The
  default data folder is `data/` in the project.
  """

  use Application

  @default_data_dir Path.expand("../../data", __DIR__)

  @impl true
  def start(_type, _args) do
    configure_from_environment()
    env = Application.get_all_env(:chat)

    # ANCHOR: supervision_tree
    children = [
      {Registry, keys: :unique, name: Chat.RoomRegistry},
      %{id: Chat.PG, start: {:pg, :start_link, [Chat.PG]}},
      {DynamicSupervisor,
       name: Chat.RoomSupervisor,
       strategy: :one_for_one,
       max_children: Keyword.fetch!(env, :max_rooms)},
      {DynamicSupervisor, name: Chat.ChannelSupervisor, strategy: :one_for_one},
      {Chat.Endpoint, ip: Keyword.fetch!(env, :ip), port: Keyword.fetch!(env, :port)},
      {Chat.Cluster, Keyword.fetch!(env, :peers)}
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: Chat.Supervisor)
    # ANCHOR_END: supervision_tree
  end

  # ANCHOR: chat_environment
  defp configure_from_environment do
    with port when is_binary(port) <- System.get_env("CHAT_PORT") do
      Application.put_env(:chat, :port, String.to_integer(port))
    end

    with ip when is_binary(ip) <- System.get_env("CHAT_IP") do
      {:ok, address} = :inet.parse_address(String.to_charlist(ip))
      Application.put_env(:chat, :ip, address)
    end

    case System.get_env("CHAT_DATA_DIR") do
      dir when is_binary(dir) and dir != "" ->
        Application.put_env(:chat, :data_dir, dir)

      _ ->
        if Application.get_env(:chat, :data_dir) == nil,
          do: Application.put_env(:chat, :data_dir, @default_data_dir)
    end

    with peers when is_binary(peers) <- System.get_env("CHAT_PEERS") do
      names =
        for peer <- String.split(peers, ",", trim: true), do: String.to_atom(String.trim(peer))

      Application.put_env(:chat, :peers, names)
    end

    :ok
  end

  # ANCHOR_END: chat_environment
end
