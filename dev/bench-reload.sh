#!/usr/bin/env bash
# make bench-reload: reload latency of the packaged app (java -jar) on the local stack — an HTTP route and the Kafka
# inspection consumer route are each edited repeatedly, and the time from the write until the app behaves as edited
# is measured; median and max are printed and merged into target/bench/results.json (p5_*).
# BENCH_RELOAD_JVM_OPTS: extra JVM options for the app, e.g. -XX:StartFlightRecording=filename=reload.jfr to profile.
# Ports: KAFKA_PORT, KAFKA_CONTROLLER_PORT, ERP_PORT, QMS_PORT, APP_PORT, APP_MANAGEMENT_PORT (see dev/stack.sh) when the
# defaults are taken.
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
start_simulator qms "$QMS_PORT"
cp -r "$ROOT/routes" "$RUN_DIR/routes"
cp -r "$ROOT/mappings" "$RUN_DIR/mappings"
# shellcheck disable=SC2086 # the options are words
start_app ${BENCH_RELOAD_JVM_OPTS:-} -Dmfgsync.routes-dir="$RUN_DIR/routes" -Dmfgsync.mappings-dir="$RUN_DIR/mappings" -Dmfgsync.admin.token="$TOKEN"

if ! out="$(java "$ROOT/dev/bench/ReloadLatencyBench.java" "http://127.0.0.1:$APP_PORT" "$RUN_DIR/routes" "$EDITS")"; then
  echo "bench-reload: no figures written; the app's log is $RUN_DIR/logs/mfgsync.log" >&2
  exit 1
fi
jackson_cp="$(tr ':' '\n' < "$RUN_DIR/kafka.classpath" | grep -E 'jackson-(core|databind|annotations)-' | paste -sd:)"
java -cp "$jackson_cp" "$ROOT/dev/bench/Results.java" "$ROOT/target/bench/results.json" $(echo "$out" | sed -n 's/^RESULT //p')
cat <<REPORT

## mfgsync reload latency ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1))

$(echo "$out" | grep -v '^RESULT ')

How: the packaged app (java -jar) with Kafka (KRaft) and the ERP and QMS simulators beside it; each edit rewrites
one route file in place and the clock runs from the write returning until the app behaves as edited: the HTTP
probe route answers the new text, or a rejected inspection posted to the QMS API runs through the edited
quality.contain-inspection (a wire tap to the bench's observer, first step of the route). It includes the settle
interval (mfgsync.reload.settle-millis, default 300 ms) that lets multi-file saves land as one change set, and for
the Kafka route the graceful stop of the old consumer and the new consumer's join of its group.
REPORT
