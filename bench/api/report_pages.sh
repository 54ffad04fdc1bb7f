#!/bin/sh
# Server time of the leaders' reports (issue 12): GET /v1/reports/quarter and
# /v1/reports/snapshot over five years of history at size L (1,000
# auditors, `demo-data --size l --history-months 60`), against the real
# `caseaudit serve` on PostgreSQL, January 2027 allocated. Each route is
# asked REQUESTS times one after another over loopback with a viewer token
# (curl's time_total: the server's work plus loopback, no browser); prints
# the median and the p95 in milliseconds, and the response size. Target:
# under 1 s.
#
# The demo's history months are loaded closed without frozen figures, so
# every month is counted from the authority: the slow path (a month closed
# by `close-month` is read from its frozen figures instead).
#
#   pg_virtualenv -t sh -c 'bench/api/report_pages.sh [CASEAUDIT_BINARY] [REQUESTS]'
#
# The database: CASEAUDIT_BENCH_PG_URL, else the PG* variables that
# pg_virtualenv sets. Its contents are replaced.
set -eu

BINARY=$(realpath "${1:-build/daemon/caseaudit}")
REQUESTS=${2:-20}
URL=${CASEAUDIT_BENCH_PG_URL:-"postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE"}
WORK=$(mktemp -d)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=18475

# The median and p95 (nearest rank) of the numbers on stdin, in ms.
stats() {
  sort -n | awk '{ v[NR] = $1 * 1000 }
    END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.95 + 0.999)];
          printf "median %.1f ms, p95 %.1f ms", m, p }'
}

measure() {  # path
  : > "$WORK/times"
  i=0
  while [ "$i" -lt "$REQUESTS" ]; do
    curl -s -o "$WORK/body" -w '%{time_total}\n' -H "Authorization: Bearer $VIEWER" \
      "http://127.0.0.1:$PORT$1" >> "$WORK/times"
    i=$((i + 1))
  done
  printf '  %-58s %s, %s bytes\n' "$1" "$(stats < "$WORK/times")" "$(wc -c < "$WORK/body")"
}

mkdir -p "$WORK/state"
cat > "$WORK/bench.toml" <<TOML
[database]
url = "$URL"
[state]
directory = "$WORK/state"
[http]
port = $PORT
[log]
level = "warn"
TOML
psql "$URL" -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" > /dev/null
start=$(date +%s)
"$BINARY" --config "$WORK/bench.toml" demo-data --month 2027-01 --size l --history-months 60 > /dev/null
"$BINARY" --config "$WORK/bench.toml" allocate --month 2027-01 > /dev/null
echo "loaded in $(( $(date +%s) - start )) s: $(psql "$URL" -At -c 'SELECT count(*) FROM audits') audits"
VIEWER=$("$BINARY" --config "$WORK/bench.toml" token create --name bench-viewer --role viewer | head -1)
"$BINARY" --config "$WORK/bench.toml" serve 2> "$WORK/serve.log" &
PID=$!
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null && break
  sleep 0.1
done
echo "== size L, 60 months of history, PostgreSQL, $REQUESTS requests each"
measure "/v1/reports/quarter?quarter=2026-Q3"
measure "/v1/reports/quarter?from=2025-01&to=2026-12"
measure "/v1/reports/snapshot?month=2026-12"
measure "/v1/reports/snapshot?month=2027-01"
measure "/v1/reports/quarter?quarter=2026-Q3&format=csv&table=by_team"
