#!/bin/sh
# End-to-end cost of `caseaudit allocate --month 2027-01` on PostgreSQL: read the
# authority, solve, write the audits, commit. Each run gets a fresh database
# loaded with the demo authority (size M: 44 teams, ~110 auditors, ~4,500
# children); only the allocate command is timed (process start included).
#
#   bench/allocation/e2e_allocate.sh [CASEAUDIT_BINARY] [RUNS]
#
# Runs itself under pg_virtualenv (a throwaway PostgreSQL cluster) unless
# PGHOST is already set. Prints each run and the median, in milliseconds.
set -eu

BINARY=$(realpath "${1:-build-wire/daemon/caseaudit}")
RUNS=${2:-7}

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv "$0" "$BINARY" "$RUNS"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

: > "$WORK/commit.ms"
: > "$WORK/again.ms"
i=1
while [ "$i" -le "$RUNS" ]; do
  db="caseaudit_e2e_$i"
  createdb "$db"
  config="$WORK/caseaudit_$i.toml"
  cat > "$config" <<TOML
[database]
url = "postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$db"
[state]
directory = "$WORK/state"
[log]
level = "warn"
TOML
  "$BINARY" --config "$config" demo-data --month 2027-01 > /dev/null

  # The commit first, on the fresh database; then a re-run, which reads and
  # solves again and finds nothing to add.
  start=$(date +%s%N)
  "$BINARY" --config "$config" allocate --month 2027-01 > "$WORK/commit.txt"
  ms_since "$start" >> "$WORK/commit.ms"

  start=$(date +%s%N)
  "$BINARY" --config "$config" allocate --month 2027-01 > "$WORK/again.txt"
  ms_since "$start" >> "$WORK/again.ms"

  added=$(head -1 "$WORK/commit.txt")
  echo "run $i: commit $(tail -1 "$WORK/commit.ms") ms, re-run $(tail -1 "$WORK/again.ms") ms -- $added"
  dropdb "$db"
  i=$((i + 1))
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
range() { sort -n "$1" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
echo "allocate --month 2027-01 (commit, fresh):  median $(median "$WORK/commit.ms") ms (range $(range "$WORK/commit.ms") ms, $RUNS runs)"
echo "allocate --month 2027-01 (re-run, adds 0): median $(median "$WORK/again.ms") ms (range $(range "$WORK/again.ms") ms, $RUNS runs)"
