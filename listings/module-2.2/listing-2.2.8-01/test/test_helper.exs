# The tests run distributed, which needs epmd (see Cluster.Epmd).
:ok = Cluster.Epmd.ensure()

{:ok, _} =
  :net_kernel.start([:"test_#{System.unique_integer([:positive])}@127.0.0.1", :longnames])

ExUnit.start()
