# Your attempt: write the function and run `cargo xtask exercise 2.2.5-1`.
defmodule Shop do
  @moduledoc """
  The supervision tree of a small shop service, written down as data.
  """

  # ANCHOR: starter
  @doc """
  Starts (and links to the caller) the shop's top supervisor, the tree below:

      top       :one_for_one, the default restart intensity
      ├── :metrics   worker
      └── :core      supervisor, :rest_for_one, at most 2 restarts in 5 seconds
          ├── :store     worker
          ├── :cache     worker, reads from :store
          └── :api       worker, reads from :cache; :transient

  Every worker is `{Shop.Worker, {id, report_to}}` with the id shown, and
  children start in the order shown.
  """
  @spec start_tree(pid()) :: Supervisor.on_start()
  def start_tree(_report_to) do
    raise "not written yet: a list of child specs for :core, then one for the top"
  end

  # ANCHOR_END: starter
end
