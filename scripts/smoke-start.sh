#!/usr/bin/env bash
# The first-run promise: `npm start` on an empty data folder serves the UI and API on the embedded PostgreSQL;
# stopped and started again, the data is still there. Used by CI (as root).
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
# npm may exit before sokuho has finished stopping its PostgreSQL (a fast shutdown takes a few seconds under load)
for _ in $(seq 1 30); do pgrep -f "$data/pg" >/dev/null || break; sleep 1; done
pgrep -f "$data/pg" >/dev/null && { echo "embedded PostgreSQL still running 30 s after stop" >&2; exit 1; }

start
grep -q "sokuho-demo-password" "$log" && { echo "demo seeded twice" >&2; exit 1; }
login
stop
rm -rf "$data"
echo "smoke: npm start, stop, start again with data kept: ok"
