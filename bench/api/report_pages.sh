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
PORT=18475
. "$(dirname "$0")/common.sh"

mkdir -p "$WORK/state"
write_config "$WORK/bench.toml" "$URL" "$WORK/state"
psql "$URL" -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" > /dev/null
start=$(date +%s)
"$BINARY" --config "$WORK/bench.toml" demo-data --month 2027-01 --size l --history-months 60 > /dev/null
"$BINARY" --config "$WORK/bench.toml" allocate --month 2027-01 > /dev/null
echo "loaded in $(( $(date +%s) - start )) s: $(psql "$URL" -At -c 'SELECT count(*) FROM audits') audits"
VIEWER=$("$BINARY" --config "$WORK/bench.toml" token create --name bench-viewer --role viewer | head -1)
"$BINARY" --config "$WORK/bench.toml" serve 2> "$WORK/serve.log" &
PID=$!
wait_until_answering /readyz 300 0.1
echo "== size L, 60 months of history, PostgreSQL, $REQUESTS requests each"
measure "/v1/reports/quarter?quarter=2026-Q3"
measure "/v1/reports/quarter?from=2025-01&to=2026-12"
measure "/v1/reports/snapshot?month=2026-12"
measure "/v1/reports/snapshot?month=2027-01"
measure "/v1/reports/quarter?quarter=2026-Q3&format=csv&table=by_team"
