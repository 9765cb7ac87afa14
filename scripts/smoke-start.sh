#!/usr/bin/env bash
# The first-run promise: `npm start` on an empty data folder serves the UI and API on the embedded PostgreSQL;
# stopped and started again, the data is still there; killed with `kill -9` (its PostgreSQL left running) and
# started again, it stops the left-over server and serves the same data. Used by CI (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/sokuho-smoke-XXXXXX)
chmod 755 "$data"
port=$((20000 + RANDOM % 20000))
export SOKUHO_DATA_DIR="$data" SOKUHO_PORT="$port"
unset DATABASE_URL
log="$data/serve.log"

start() {
  # In its own process group, so that stopping it touches nothing else on the machine.
  setsid npm start >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "sokuho exited" >&2; exit 1; }
    sleep 1
  done
  cat "$log"; echo "sokuho did not become ready" >&2; exit 1
}
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  wait "$pid" 2>/dev/null || true
}
# npm may exit before sokuho has finished stopping its PostgreSQL (a fast shutdown takes a few seconds under load)
pg_stopped() {
  for _ in $(seq 1 30); do pgrep -f "$data/pg" >/dev/null || return 0; sleep 1; done
  echo "embedded PostgreSQL still running 30 s after stop" >&2; exit 1
}
login() {
  curl -fsS -H 'content-type: application/json' \
    -d '{"email":"admin@sakura.example.jp","password":"sokuho-demo-password"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | grep -q '"sakura-tourist"'
}

start
grep -q "sokuho-demo-password" "$log" || { cat "$log"; echo "demo credentials not printed" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "UI not served" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/api/docs/json" | grep -q '"openapi":"3.1.0"'
login
stat -c '%U' "$data/pg" | grep -qx postgres || [ "$(id -u)" != 0 ]
stop
pg_stopped

start
grep -q "sokuho-demo-password" "$log" && { echo "demo seeded twice" >&2; exit 1; }
login

# kill -9 of the server (the node process, not npm): its PostgreSQL is re-parented and keeps the folder locked.
server=$(pgrep -s "$pid" -f '^node bin/sokuho.js serve' | head -1)
[ -n "$server" ] || { echo "sokuho server process not found" >&2; exit 1; }
orphan=$(head -1 "$data/pg/postmaster.pid")
kill -9 "$server"
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
wait "$pid" 2>/dev/null || true
kill -0 "$orphan" 2>/dev/null || { echo "expected the embedded PostgreSQL to outlive kill -9" >&2; exit 1; }
start
grep -q "left running in $data/pg" "$log" || { cat "$log"; echo "the left-over PostgreSQL was not reported" >&2; exit 1; }
grep -q "sokuho-demo-password" "$log" && { echo "demo seeded again after kill -9: data lost" >&2; exit 1; }
login
stop
pg_stopped
rm -rf "$data"
echo "smoke: npm start, stop, start again with data kept, kill -9 and start again with data kept: ok"
