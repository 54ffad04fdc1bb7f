#!/bin/sh
# Instructions per request of one API route, counted by callgrind: repeatable
# whatever else the machine is doing (wrk's req/s are not, on a shared box).
# Starts the real `caseaudit serve` on a SQLite file with the demo authority,
# January 2027 allocated, under valgrind --tool=callgrind, asks ROUTE
# REQUESTS times with a viewer token, stops it, and prints the inclusive
# instruction count of the API frame (Api::serve) per request and the
# heaviest functions under it.
#
#   bench/api/callgrind_route.sh [CASEAUDIT_BINARY] [ROUTE] [REQUESTS]
set -eu

BINARY=$(realpath "${1:-build/daemon/caseaudit}")
ROUTE=${2:-/v1/months/2027-01/audits}
REQUESTS=${3:-100}
PORT=18475
. "$(dirname "$0")/common.sh"

config="$WORK/caseaudit.toml"
write_config "$config" "sqlite://$WORK/caseaudit.db" "$WORK"
load_january "$config"

valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
  "$BINARY" --config "$config" serve 2> "$WORK/serve.log" &
PID=$!
wait_until_answering /healthz 600 0.2
i=0
while [ "$i" -lt "$REQUESTS" ]; do
  curl -sf -o /dev/null -H "Authorization: Bearer $VIEWER" "http://127.0.0.1:$PORT$ROUTE"
  i=$((i + 1))
done
kill -TERM "$PID"; wait "$PID" || true; PID=""

callgrind_annotate --inclusive=yes "$WORK/callgrind.out" 2> /dev/null > "$WORK/annotated"
serve=$(grep 'Api::serve(' "$WORK/annotated" | head -1 | awk '{ gsub(/,/, "", $1); print $1 }')
echo "$ROUTE: $((serve / REQUESTS)) instructions per request in Api::serve ($REQUESTS requests)"
echo "heaviest inclusive functions of caseaudit's own (instructions in all $REQUESTS requests):"
grep -E '^ *[0-9,]+ .*(caseaudit|soci)::' "$WORK/annotated" | grep -v 'std_function.h\|_M_invoke\|/work/' |
  sed -E 's/\(([^()]|\([^()]*\))*\)//g; s/ \[[^]]*\]$//' | head -${TOP:-40}
[ -n "${KEEP:-}" ] && cp "$WORK/callgrind.out" "$KEEP"
exit 0
