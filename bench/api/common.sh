# What the API benchmarks share (sourced, not run): a work folder removed at
# exit with the server started in it, the config of a served database, the
# demo month, waiting for the server, and timing a route's requests. The sourcing script sets BINARY and
# PORT first, and keeps the server's pid in PID.

WORK=$(mktemp -d)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# Writes FILE: the database URL, the state folder, PORT, log level warn, and
# any more lines of the [http] table.
write_config() {  # file, database url, state folder, [more http lines]
  cat > "$1" <<TOML
[database]
url = "$2"
[state]
directory = "$3"
[http]
port = $PORT
${4:-}
[log]
level = "warn"
TOML
}

# Loads the demo authority of SIZE (m or l) and allocates January 2027;
# VIEWER is then a viewer's token.
load_january() {  # config, [size]
  "$BINARY" --config "$1" demo-data --month 2027-01 --size "${2:-m}" > /dev/null
  "$BINARY" --config "$1" allocate --month 2027-01 > /dev/null
  VIEWER=$("$BINARY" --config "$1" token create --name bench-viewer --role viewer | head -1)
}

# Asks PATH of the server until it answers, at most TRIES times PAUSE apart.
wait_until_answering() {  # path, tries, pause in seconds
  for _ in $(seq "$2"); do
    curl -sf "http://127.0.0.1:$PORT$1" > /dev/null && break
    sleep "$3"
  done
}

# The median and p95 (nearest rank) of the numbers on stdin, in ms.
stats() {
  sort -n | awk '{ v[NR] = $1 * 1000 }
    END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.95 + 0.999)];
          printf "median %.1f ms, p95 %.1f ms", m, p }'
}

# Asks PATH REQUESTS times one after another with the VIEWER token and prints
# the median, the p95 and the last response's size.
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
