#!/usr/bin/env bash
# make bench-reload: reload latency of the packaged app (java -jar) on the local stack — a route file is edited
# repeatedly and the time until each change is in force is measured; median and max are printed and merged into
# target/bench/results.json (p5_*).
# The app reads copies of routes/ and mappings/ under the run folder, never the project's own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"

EDITS="${BENCH_RELOAD_EDITS:-20}"
TOKEN="bench-$(date +%s)"

rm -rf "$RUN_DIR"
prepare_artifacts
trap stop_stack EXIT
trap 'exit 130' INT TERM
start_kafka
start_simulator erp "$ERP_PORT"
cp -r "$ROOT/routes" "$RUN_DIR/routes"
cp -r "$ROOT/mappings" "$RUN_DIR/mappings"
start_app -Dmfgsync.routes-dir="$RUN_DIR/routes" -Dmfgsync.mappings-dir="$RUN_DIR/mappings" -Dmfgsync.admin.token="$TOKEN"

out="$(java "$ROOT/dev/bench/ReloadLatencyBench.java" "http://127.0.0.1:$APP_PORT" "$RUN_DIR/routes" "$TOKEN" "$EDITS")"
jackson_cp="$(tr ':' '\n' < "$RUN_DIR/kafka.classpath" | grep -E 'jackson-(core|databind|annotations)-' | paste -sd:)"
java -cp "$jackson_cp" "$ROOT/dev/bench/Results.java" "$ROOT/target/bench/results.json" $(echo "$out" | sed -n 's/^RESULT //p')
cat <<REPORT

## mfgsync reload latency ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1))

$(echo "$out" | grep -v '^RESULT ')

How: the packaged app (java -jar) with Kafka (KRaft) beside it; each edit rewrites one route file in place and
the clock runs from the write returning until the change is in force. It includes the settle interval
(mfgsync.reload.settle-millis, default 300 ms) that lets multi-file saves land as one change set.
REPORT
