# What bench/compare.sh and bench/tsung.sh share: the checks, the build, and starting and stopping
# a server pinned to CPU 0. Sourced after the script has set DATA_PARENT; it sets HERE, CHAT_DIR,
# WORK, DATA, TARGET, and SERVER_PID and PORT while a server runs. Callers define `cleanup_more`
# for anything else to undo on exit.

SCRIPT=$(basename "$0")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHAT_DIR=$(cd "$HERE/../chat" && pwd)
cd "$HERE"

if ! command -v mix > /dev/null; then
    echo "skipped: mix is not installed (Debian: apt-get install elixir erlang-cowlib erlang-jiffy)"
    exit 0
fi
for tool in python3 taskset; do
    if ! command -v "$tool" > /dev/null; then
        echo "$SCRIPT: $tool is missing" >&2
        exit 1
    fi
done
if [ "$(nproc)" -lt 2 ]; then
    echo "skipped: needs two CPUs, one for the server and one for the load"
    exit 0
fi
# 10,000 connections are 10,000 descriptors in each process.
ulimit -n "$(ulimit -Hn)"

WORK=$(mktemp -d)
DATA=$(mktemp -d -p "$DATA_PARENT" chat-bench.XXXXXX)
SERVER_PID=
cleanup_more() { :; }
cleanup() {
    stop_server
    cleanup_more
    if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
    rm -rf "$DATA"
}
trap cleanup EXIT

# Builds the Rust packages named and the chat (MIX_ENV=prod). Cargo's and Mix's own messages
# would change the recorded output: they are kept for a failure.
build() { # build PACKAGE...
    local packages=()
    for package in "$@"; do packages+=(-p "$package"); done
    if ! cargo build -q --release "${packages[@]}" 2> "$WORK/build.log" ||
        ! (cd "$CHAT_DIR" && MIX_ENV=prod mix compile > "$WORK/mix.log" 2>&1); then
        cat "$WORK/build.log" "$WORK/mix.log" 2> /dev/null >&2
        exit 1
    fi
    TARGET=$(cargo metadata --format-version 1 --no-deps 2> /dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# chat-rs answers a plain GET with nothing, so readiness is a TCP connect that succeeds.
wait_listening() { # wait_listening PORT LOG
    for _ in $(seq 200); do
        if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2> /dev/null; then
            break
        fi
        sleep 0.05
    done
    echo "$SCRIPT: the server did not start listening on port $1:" >&2
    cat "$2" >&2
    exit 1
}

start_server() { # start_server elixir|rust; sets SERVER_PID and PORT
    PORT=$(free_port)
    case $1 in
        elixir)
            rm -rf "${DATA:?}"/*
            # exec all the way down (mix, elixir, erl): $! is the BEAM itself.
            (cd "$CHAT_DIR" && CHAT_PORT=$PORT CHAT_DATA_DIR=$DATA MIX_ENV=prod \
                ELIXIR_ERL_OPTIONS="+S 1:1" exec taskset -c 0 mix run --no-halt --no-compile) \
                > "$WORK/server.log" 2>&1 &
            ;;
        rust)
            taskset -c 0 "$TARGET/release/chat-rs" --port "$PORT" --threads 1 \
                > "$WORK/server.log" 2>&1 &
            ;;
    esac
    SERVER_PID=$!
    wait_listening "$PORT" "$WORK/server.log"
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2> /dev/null || true
        wait "$SERVER_PID" 2> /dev/null || true
        SERVER_PID=
    fi
}
