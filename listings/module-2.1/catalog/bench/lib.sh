# Shared by the scripts in bench/ (sourced, not run): builds the two servers and sets
#   BIN, HELLO   the release binaries of catalog and examples/hello
#   WORK         a scratch directory, removed on exit with the server still running
# and defines stop_server, wait_ready ADDR, seed_product ADDR and cpu_ticks PID.
# The caller sets SERVER_PID when it starts a server, and has cd'ed to the crate.

cargo build -q --release --bin catalog --example hello
TARGET=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
BIN="$TARGET/release/catalog"
HELLO="$TARGET/release/examples/hello"
WORK=$(mktemp -d)
SERVER_PID=""

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

# wait_ready ADDR: until /health (catalog) or / (hello) answers, for at most 10 s
wait_ready() {
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null "http://$1/health" 2>/dev/null || curl -fs -o /dev/null "http://$1/" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "server at $1 did not start" >&2
  exit 1
}

# seed_product ADDR: the product that GET /products/1 reads
seed_product() {
  curl -fs -o /dev/null -H 'content-type: application/json' \
    -d '{"sku":"BENCH-1","name":"Bench","price_cents":100,"stock":1}' "http://$1/products"
}

# cpu_ticks PID -> utime + stime of every thread of the process, in clock ticks (fields 14 and
# 15 of /proc/PID/stat, counted after the command name in parentheses, which may hold spaces)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
