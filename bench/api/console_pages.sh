#!/bin/sh
# Server time of the console's page data (issue 10): each GET route a
# console page reads, at demo size M (the demo authority) and at size L
# (1,000 auditors, `demo-data --size l`), against the real `caseaudit serve`
# on a SQLite file, January 2027 allocated. Each route is asked REQUESTS
# times one after another over loopback with a viewer token (curl's
# time_total: the server's work plus loopback, no browser); prints the
# median and the p95 in milliseconds, and the response size.
#
#   bench/api/console_pages.sh [CASEAUDIT_BINARY] [REQUESTS]
set -eu

BINARY=$(realpath "${1:-build/daemon/caseaudit}")
REQUESTS=${2:-50}
PORT=18474
. "$(dirname "$0")/common.sh"

for size in m l; do
  config="$WORK/$size.toml"
  mkdir -p "$WORK/state-$size"
  write_config "$config" "sqlite://$WORK/state-$size/caseaudit.db" "$WORK/state-$size"
  load_january "$config" "$size"
  "$BINARY" --config "$config" serve 2> "$WORK/serve-$size.log" &
  PID=$!
  wait_until_answering /readyz 200 0.1
  AUDIT=$(curl -sf -H "Authorization: Bearer $VIEWER" \
    "http://127.0.0.1:$PORT/v1/months/2027-01/audits?status=allocated" |
    grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  echo "== size $(echo "$size" | tr a-z A-Z), $REQUESTS requests each (audit $AUDIT)"
  measure /v1/months/2027-01
  measure /v1/months/2027-01/audits
  measure "/v1/months/2027-01/audits?format=csv"
  measure "/v1/audits/$AUDIT/candidates"
  measure /v1/staff
  measure /v1/exemptions?month=2027-01
  measure /v1/teams
  measure /v1/services
  measure /v1/pairings
  measure /v1/concerns?status=open
  measure /v1/actions
  measure /v1/notifications/dead-letters
  measure "/v1/changes?limit=100"
  kill "$PID"; wait "$PID" || true; PID=""
done
