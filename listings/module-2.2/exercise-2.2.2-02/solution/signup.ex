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

  # ANCHOR: solution
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
  def register(params, taken) when is_map(params) do
    with {:ok, name} <- fetch(params, "name"),
         {:ok, email} <- fetch(params, "email"),
         {:ok, password} <- fetch(params, "password"),
         :ok <- check(name =~ ~r/\A[a-z0-9_]{1,32}\z/, {:invalid, "name"}),
         :ok <- check(email =~ ~r/\A[^@\s]+@[^@\s]+\z/, {:invalid, "email"}),
         :ok <- check(byte_size(password) >= 12, :weak_password),
         :ok <- check(not MapSet.member?(taken, name), :name_taken) do
      {:ok, %User{name: name, email: email}}
    end
  end

  defp fetch(params, key) do
    case Map.fetch(params, key) do
      {:ok, value} when is_binary(value) -> {:ok, value}
      _missing_or_not_text -> {:error, {:missing, key}}
    end
  end

  defp check(true, _reason), do: :ok
  defp check(false, reason), do: {:error, reason}
  # ANCHOR_END: solution
end
