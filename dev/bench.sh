#!/usr/bin/env bash
# make bench: time-to-ready and RSS of the packaged app, then end-to-end latency of the thin flow
# (QMS post → Kafka → ERP block) at a fixed request rate, with the ERP simulator answering at once.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"

RATE="${BENCH_RATE:-50}"
SECONDS_MEASURED="${BENCH_SECONDS:-30}"
WARMUP="${BENCH_WARMUP:-5}"
STARTS="${BENCH_STARTS:-3}"

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

rm -rf "$RUN_DIR"
prepare_artifacts
trap stop_stack EXIT
trap 'exit 130' INT TERM
start_kafka
start_simulator erp "$ERP_PORT"
# the quality workflow opens a SCAR after each block: without a QMS the consumer would hold the flow
start_simulator qms "$QMS_PORT"

# time-to-ready over several launches of the packaged app (first one creates the state database)
ready_ms=()
for ((i = 1; i <= STARTS; i++)); do
  start_app
  ready_ms+=($((APP_READY_MS - APP_STARTED_MS)))
  idle_rss=$(rss_mb "$APP_PID")
  if [ "$i" -lt "$STARTS" ]; then
    kill -TERM "$APP_PID"; while kill -0 "$APP_PID" 2>/dev/null; do sleep 0.1; done
    unset 'STACK_PIDS[${#STACK_PIDS[@]}-1]'
  fi
done

jackson_cp="$(tr ':' '\n' < "$RUN_DIR/kafka.classpath" | grep -E 'jackson-(core|databind|annotations)-' | paste -sd:)"
log "load: $RATE requests/s for $SECONDS_MEASURED s after $WARMUP s warm-up"
load_status=0
table="$(java -cp "$jackson_cp" "$ROOT/dev/bench/ThinFlowBench.java" "http://127.0.0.1:$APP_PORT" \
  "http://127.0.0.1:$ERP_PORT" "$RATE" "$SECONDS_MEASURED" "$WARMUP")" || load_status=$?
loaded_rss=$(rss_mb "$APP_PID")

sorted=($(printf '%s\n' "${ready_ms[@]}" | sort -n))
cat <<REPORT

## mfgsync thin-flow benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1))

| packaged app (java -jar, JVM mode) | value |
|---|---|
| time to ready, median of $STARTS launches (launch → /q/health/ready 200) | ${sorted[$((STARTS / 2))]} ms (all: ${ready_ms[*]}) |
| RSS when ready, idle | ${idle_rss} MB |
| RSS after the load below | ${loaded_rss} MB |

$table

How: Kafka (KRaft, one node) and the WireMock ERP simulator run on this machine beside the app; the load
generator is open-loop (a request every 1/rate s regardless of answers). API latency = post until 202;
end-to-end = post until the ERP simulator logged the block call (its journal, millisecond resolution).
REPORT
[ "$load_status" -eq 0 ] || { log "some requests failed or some blocks never reached the ERP (see the table)"; exit 1; }
