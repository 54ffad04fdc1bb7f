#!/bin/sh
# The due-sweep benchmark (issue 4) on a throwaway PostgreSQL: a fresh
# database gets the demo authority (size M) and 1,000,000 open actions, about
# 100,000 of them due or overdue on the benchmark day, then bench_due_sweep
# times load_authority, due_on and the whole DueRunner::run (medians).
#
#   [ACTIONS=N] bench/reminders/run_due_sweep.sh [BENCH_BINARY] [RUNS]
#
# ACTIONS (default 1,000,000) is for profiling at a smaller size.
#
# Runs itself under pg_virtualenv (a throwaway PostgreSQL cluster) unless
# PGHOST is already set. Prints the machine, the date and the figures.
set -eu

BINARY=$(realpath "${1:-build-sweep/bench/reminders/bench_due_sweep}")
RUNS=${2:-5}

if [ -z "${PGHOST:-}" ]; then
  # -t: a cluster in a temporary directory, so that a concurrent pg_virtualenv
  # (the CI check) with its system-wide "regress" cluster does not clash.
  exec pg_virtualenv -t "$0" "$BINARY" "$RUNS"
fi

db=caseaudit_due_sweep
createdb "$db"
trap 'dropdb --if-exists "$db"' EXIT

echo "machine: $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $(psql -Atc 'SELECT version()' | cut -d, -f1)"
CASEAUDIT_BENCH_PG_URL="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$db" "$BINARY" "" "$RUNS" ${ACTIONS:-}
