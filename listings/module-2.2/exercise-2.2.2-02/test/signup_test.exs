defmodule SignupTest do
  use ExUnit.Case, async: true

  alias Signup.User

  @good %{"name" => "ada_l", "email" => "ada@example.com", "password" => "correct horse battery"}
  @taken MapSet.new(["bob"])

  test "good fields make a user, without the password" do
    assert Signup.register(@good, @taken) == {:ok, %User{name: "ada_l", email: "ada@example.com"}}
  end

  test "a missing or non-text field is named, in the order name, email, password" do
    assert Signup.register(%{}, @taken) == {:error, {:missing, "name"}}
    assert Signup.register(Map.delete(@good, "email"), @taken) == {:error, {:missing, "email"}}

    assert Signup.register(Map.delete(@good, "password"), @taken) ==
             {:error, {:missing, "password"}}

    assert Signup.register(%{@good | "name" => 42}, @taken) == {:error, {:missing, "name"}}
  end

  test "each invalid field has its reason" do
    for name <- ["", "Ada", "ada lovelace", String.duplicate("a", 33), "ad@"] do
      assert Signup.register(%{@good | "name" => name}, @taken) == {:error, {:invalid, "name"}}
    end

    for email <- ["ada", "@example.com", "ada@", "a@b@c", "ada @example.com"] do
      assert Signup.register(%{@good | "email" => email}, @taken) == {:error, {:invalid, "email"}}
    end

    assert Signup.register(%{@good | "password" => "short"}, @taken) == {:error, :weak_password}
    assert Signup.register(%{@good | "name" => "bob"}, @taken) == {:error, :name_taken}
  end

  test "the first failing check is the one reported" do
    # Step 1 checks every key before any value: a missing email beats an invalid name, and
    # email is checked before password.
    assert Signup.register(%{"name" => "ada"}, @taken) == {:error, {:missing, "email"}}

    assert Signup.register(%{"name" => "Ada!", "password" => "correct horse battery"}, @taken) ==
             {:error, {:missing, "email"}}

    everything_wrong = %{"name" => "bob!", "email" => "nope", "password" => "x"}
    assert Signup.register(everything_wrong, @taken) == {:error, {:invalid, "name"}}

    assert Signup.register(%{everything_wrong | "name" => "bob"}, @taken) ==
             {:error, {:invalid, "email"}}

    # A taken name is checked last: a weak password is reported first.
    assert Signup.register(%{@good | "name" => "bob", "password" => "x"}, @taken) ==
             {:error, :weak_password}
  end

  test "a name of 32 characters is accepted" do
    name = String.duplicate("a", 32)
    assert {:ok, %User{name: ^name}} = Signup.register(%{@good | "name" => name}, @taken)
  end
end
