# Your attempt: write the function and run `cargo xtask exercise 2.2.2-2`.
defmodule Signup do
  @moduledoc """
  Turns the fields of a sign-up form into a chat user, or says the first thing wrong with them.
  """

  defmodule User do
    @moduledoc "A registered chat user. The password is checked, never kept."
    @enforce_keys [:name, :email]
    defstruct [:name, :email]
    @type t :: %__MODULE__{name: String.t(), email: String.t()}
  end

  # ANCHOR: starter
  @doc """
  Registers the user described by `params`, a map with the string keys `"name"`, `"email"`
  and `"password"`, unless `name` is in `taken`.

  The checks run in this order, and the first that fails is the result:

    1. each of the three keys is there and holds a string, checked in that order:
       `{:error, {:missing, "name"}}`;
    2. the name is 1 to 32 characters of `a-z`, `0-9` and `_`: `{:error, {:invalid, "name"}}`;
    3. the email has one `@`, text on both sides and no spaces: `{:error, {:invalid, "email"}}`;
    4. the password is at least 12 bytes: `{:error, :weak_password}`;
    5. the name is not in `taken`: `{:error, :name_taken}`.
  """
  @spec register(map(), MapSet.t(String.t())) ::
          {:ok, User.t()} | {:error, {:missing | :invalid, String.t()} | atom()}
  def register(_params, _taken) do
    raise "not written yet: one with/1, a clause per check, and no else"
  end

  # ANCHOR_END: starter
end
