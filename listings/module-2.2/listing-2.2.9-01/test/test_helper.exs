ExUnit.start(exclude: [:flaky])
