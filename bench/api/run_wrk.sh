#!/bin/sh
# Throughput and tail latency of the admin API, measured with wrk on loopback
# against the real `caseaudit serve`:
#   1. GET /healthz: the same server's ceiling (no token, no database);
#   2. GET /v1/months/2027-01/audits: a month's audits with a viewer token
#      (one read transaction per request, token lookup included);
#   3. PATCH /v1/staff/{id}: a write (token lookup, a read, an update and a
#      change-log row in one transaction) -- on PostgreSQL and on SQLite.
# Each case runs RUNS times for DURATION over CONNECTIONS kept-alive
# connections (the server gets as many handler threads); the script prints
# every run and the medians of requests/s and p99 latency.
#
#   bench/api/run_wrk.sh [CASEAUDIT_BINARY] [RUNS] [DURATION] [CONNECTIONS]
#
# Runs itself under pg_virtualenv (a throwaway PostgreSQL) unless PGHOST is set.
set -eu

BINARY=$(realpath "${1:-build/daemon/caseaudit}")
RUNS=${2:-3}
DURATION=${3:-10s}
CONNECTIONS=${4:-8}

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv "$0" "$BINARY" "$RUNS" "$DURATION" "$CONNECTIONS"
fi

PORT=18473
. "$(dirname "$0")/common.sh"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# wrk's p99 in milliseconds from its --latency table.
p99_ms() {
  awk '$1 == "99%" {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
    if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000;
    print v }' "$1"
}

run_case() {  # name, token, path, [lua script]
  name=$1 token=$2 path=$3 script=${4:-}
  : > "$WORK/rps" ; : > "$WORK/p99"
  i=1
  while [ "$i" -le "$RUNS" ]; do
    if [ -n "$script" ]; then
      wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" \
        -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT$path" > "$WORK/out"
    else
      wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
        -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT$path" > "$WORK/out"
    fi
    rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/out")
    p99=$(p99_ms "$WORK/out")
    errors=$(awk '/Non-2xx/ { print $NF }' "$WORK/out")
    echo "  $name run $i: $rps req/s, p99 $p99 ms${errors:+, NON-2XX $errors}"
    echo "$rps" >> "$WORK/rps"; echo "$p99" >> "$WORK/p99"
    i=$((i + 1))
  done
  echo "$name: median $(median < "$WORK/rps") req/s, p99 median $(median < "$WORK/p99") ms"
}

serve() {  # backend url
  config="$WORK/$1.toml"
  # cpp-httplib holds a handler thread per kept-alive connection: as many
  # threads as wrk has connections, or connections wait for a free thread.
  write_config "$config" "$2" "$WORK/state-$1" "threads = $CONNECTIONS"
  mkdir -p "$WORK/state-$1"
  load_january "$config"
  WRITER=$("$BINARY" --config "$config" token create --name bench-writer --role coordinator | head -1)
  "$BINARY" --config "$config" serve 2> "$WORK/serve-$1.log" &
  PID=$!
  wait_until_answering /readyz 100 0.1
  rows=$(curl -sf -H "Authorization: Bearer $VIEWER" \
    "http://127.0.0.1:$PORT/v1/months/2027-01/audits" | grep -o '"case_reference"' | wc -l)
  STAFF_ID=$(curl -sf -H "Authorization: Bearer $VIEWER" \
    "http://127.0.0.1:$PORT/v1/staff?role=social_worker" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  echo "== $1: the month has $rows audits; writing to staff $STAFF_ID"
}

stop() {
  kill "$PID"; wait "$PID" || true; PID=""
}

cat > "$WORK/patch.lua" <<'LUA'
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  wrk.body = '{"moderator_capacity": ' .. (n % 5) .. '}'
  return wrk.format()
end
LUA

for backend in postgresql sqlite; do
  if [ "$backend" = postgresql ]; then
    createdb caseaudit_api_bench
    url="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/caseaudit_api_bench"
  else
    url="sqlite://$WORK/state-sqlite/caseaudit.db"
  fi
  serve "$backend" "$url"
  run_case "$backend GET /healthz" "$VIEWER" /healthz
  run_case "$backend GET /v1/months/2027-01/audits" "$VIEWER" /v1/months/2027-01/audits
  run_case "$backend PATCH /v1/staff/$STAFF_ID" "$WRITER" "/v1/staff/$STAFF_ID" "$WORK/patch.lua"
  stop
done
