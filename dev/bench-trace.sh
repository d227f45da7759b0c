#!/usr/bin/env bash
# make bench-trace: trace lookups on PostgreSQL with BENCH_TRACE_FLOWS flow instances (5 steps each: 5,000,000
# workflow_step rows by default) through the product's query code (visibility.TraceQuery, behind GET /api/v1/traces):
# p50/p99 by purchase order, by lot and by correlation id, beside a plain-JDBC floor, in one run (dev/bench/TraceLookupBench.java).
# A throwaway PostgreSQL from the machine's own binaries (Debian's postgresql, /usr/lib/postgresql/*/bin) runs in
# target/bench-trace on a loopback port and is removed afterwards. Figures trace_rows, trace_lookup_p99_ms (the worst
# of the three), trace_lookup_{po,lot,correlation}_p99_ms and trace_plain_p99_ms are merged into target/bench/results.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLOWS="${BENCH_TRACE_FLOWS:-1000000}"
LOOKUPS="${BENCH_TRACE_LOOKUPS:-1000}"
PORT="${BENCH_TRACE_PG_PORT:-55439}"
DIR="$ROOT/target/bench-trace"
RESULTS="$ROOT/target/bench/results.json"

log() { printf '[bench-trace] %s\n' "$*" >&2; }

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/pg_ctl" ] || { log "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl; apt-get install postgresql)"; exit 1; }
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && { log "port $PORT is taken; set BENCH_TRACE_PG_PORT"; exit 1; }

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

rm -rf "$DIR"
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
as_pg "$BIN/initdb" -D "$DIR/data" -U mfgsync --auth=trust -E UTF8 --no-sync > "$DIR/initdb.log"
# BENCH_TRACE_KEEP=1 leaves the server and its data for profiling (psql -h 127.0.0.1 -p $PORT -U mfgsync postgres)
stop_pg() {
  if [ "${BENCH_TRACE_KEEP:-0}" = 1 ]; then
    log "kept: psql -h 127.0.0.1 -p $PORT -U mfgsync postgres; stop with: $BIN/pg_ctl -D $DIR/data stop (as postgres)"
    return
  fi
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$DIR/data"
}
trap stop_pg EXIT
trap 'exit 130' INT TERM
# a bench database: no durability needed, memory for the index builds; the defaults otherwise
as_pg "$BIN/pg_ctl" -D "$DIR/data" -w -t 60 -l "$DIR/server.log" \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR -c fsync=off -c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=4GB" start > /dev/null
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DIR/data"

if [ ! -s "$DIR/../bench-trace.classpath" ]; then
  mvn -q -B -f "$ROOT/pom.xml" dependency:build-classpath -Dmdep.outputFile="$DIR/../bench-trace.classpath" \
    -DincludeScope=runtime -DincludeGroupIds=org.postgresql,com.fasterxml.jackson.core
fi
cp="$ROOT/target/classes:$(cat "$DIR/../bench-trace.classpath")"

java -Xmx512m -cp "$cp" "$ROOT/dev/bench/TraceLookupBench.java" "jdbc:postgresql://127.0.0.1:$PORT/postgres" mfgsync \
  "$ROOT/src/main/resources/db/migration" "$FLOWS" "$LOOKUPS" | tee "$DIR/report.txt"

figures="$(grep -E '^trace_[a-z0-9_]+=' "$DIR/report.txt")"
# shellcheck disable=SC2086
java -cp "$cp" "$ROOT/dev/bench/Results.java" "$RESULTS" $figures
log "figures merged into $RESULTS"
