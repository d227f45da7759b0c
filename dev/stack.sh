#!/usr/bin/env bash
# The local stack: a single-node Kafka (KRaft, from Kafka's own jars), the cloud ERP and QMS simulators
# (WireMock, request journals inspectable over HTTP) and mfgsync itself, all as child processes.
#   dev/stack.sh run     foreground; Ctrl-C stops everything it started
#   dev/stack.sh smoke   start, post one inspection result, check the ERP saw exactly one block, stop
# Sourced by dev/bench.sh for its start/stop functions.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${MFGSYNC_RUN_DIR:-$ROOT/dev/run}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
ERP_PORT="${ERP_PORT:-8091}"
QMS_PORT="${QMS_PORT:-8092}"
APP_PORT="${APP_PORT:-8080}"
# the app's management interface: health (/q/health/...) and metrics (/q/metrics), nothing else
APP_MANAGEMENT_PORT="${APP_MANAGEMENT_PORT:-9000}"
STACK_PIDS=()
# The stack's webhook secrets (README "Signed webhooks"): the app verifies the QMS's and the cloud ERP's webhooks with
# them (it reads these variables), `make run` prints how to sign a call with them, the smoke and the benches sign with
# them. For this machine only: a real deployment takes its secrets from the environment or a Kubernetes secret.
export QMS_WEBHOOK_SECRETS="${QMS_WEBHOOK_SECRETS:-local-qms-webhook-secret-0001}"
export ERP_CLOUD_WEBHOOK_SECRETS="${ERP_CLOUD_WEBHOOK_SECRETS:-local-erp-cloud-webhook-secret-0001}"

log() { printf '[stack] %s\n' "$*"; }

# HTTP status of GET http://127.0.0.1:$1$2, without depending on curl being installed.
http_status() {
  local port=$1 path=$2 line
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo 000; return; }
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
  IFS= read -r line <&3 || line=""
  exec 3>&-
  line=${line#* }
  echo "${line%% *}"
}

await_http() { # port path expected-status timeout-seconds what
  local deadline=$((SECONDS + $4))
  until [ "$(http_status "$1" "$2")" = "$3" ]; do
    if [ $SECONDS -ge $deadline ]; then log "$5 not ready after $4 s (see $RUN_DIR/logs)"; return 1; fi
    for pid in "${STACK_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || { log "$5: a stack process died (see $RUN_DIR/logs)"; return 1; }; done
    sleep 0.2
  done
}

await_port() { # port timeout-seconds what
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "$3 not listening after $2 s (see $RUN_DIR/logs)"; return 1; fi
    sleep 0.2
  done
}

stop_stack() {
  trap - EXIT INT TERM
  [ ${#STACK_PIDS[@]} -eq 0 ] && return 0
  log "stopping ${#STACK_PIDS[@]} processes"
  # one by one in reverse start order: the app leaves its consumer group cleanly before the broker goes
  for ((i = ${#STACK_PIDS[@]} - 1; i >= 0; i--)); do
    local pid=${STACK_PIDS[$i]} deadline=$((SECONDS + 30))
    kill -TERM "$pid" 2>/dev/null || continue
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  STACK_PIDS=()
  log "stopped"
}

prepare_artifacts() {
  mkdir -p "$RUN_DIR/logs" "$RUN_DIR/lib"
  if [ ! -s "$RUN_DIR/kafka.classpath" ] || [ "$ROOT/dev/pom.xml" -nt "$RUN_DIR/kafka.classpath" ]; then
    log "resolving Kafka and WireMock artifacts (first run only)"
    mvn -q -B -f "$ROOT/dev/pom.xml" dependency:build-classpath -Dmdep.outputFile="$RUN_DIR/kafka.classpath"
    mvn -q -B -f "$ROOT/dev/pom.xml" dependency:copy@wiremock -DoutputDirectory="$RUN_DIR/lib"
  fi
  if [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; then
    log "packaging mfgsync"
    mvn -q -B -f "$ROOT/pom.xml" package -DskipTests
  fi
}

start_kafka() {
  local data="$RUN_DIR/kafka-data" config="$RUN_DIR/kafka-server.properties" cp
  cp="$(cat "$RUN_DIR/kafka.classpath")"
  cat > "$config" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  local java_opts=(-Xms256m -Xmx512m -Dkafka.logs.dir="$RUN_DIR/logs" -Dlog4j2.configurationFile="$ROOT/dev/kafka-log4j2.properties")
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
    java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" > "$RUN_DIR/logs/kafka-format.log"
  fi
  java -cp "$cp" "${java_opts[@]}" kafka.Kafka "$config" > "$RUN_DIR/logs/kafka.out" 2>&1 &
  STACK_PIDS+=($!)
  await_port "$KAFKA_PORT" 60 "Kafka"
  log "Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT"
}

start_simulator() { # name port
  local name=$1 port=$2
  java -Xmx1g -jar "$RUN_DIR/lib/wiremock-standalone.jar" --port "$port" --bind-address 127.0.0.1 \
    --root-dir "$ROOT/dev/simulators/$name" --global-response-templating --disable-banner \
    > "$RUN_DIR/logs/$name-simulator.log" 2>&1 &
  STACK_PIDS+=($!)
  await_http "$port" /__admin/health 200 60 "$name simulator"
  log "$name simulator on http://127.0.0.1:$port (received requests: http://127.0.0.1:$port/__admin/requests)"
}

# Both of the app's ports bind loopback only: nothing of this stack is reachable from another machine.
start_app() { # extra JVM options... (after the shipped ones in src/main/docker/jvm.options, so they win)
  mkdir -p "$RUN_DIR/state"
  APP_STARTED_MS=$(date +%s%3N)
  (cd "$ROOT" && exec java @"$ROOT/src/main/docker/jvm.options" "$@" \
    -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$APP_PORT" \
    -Dquarkus.management.host=127.0.0.1 \
    -Dquarkus.management.port="$APP_MANAGEMENT_PORT" \
    -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" \
    -Dmfgsync.erp.cloud.url="http://127.0.0.1:$ERP_PORT" \
    -Dmfgsync.qms.url="http://127.0.0.1:$QMS_PORT" \
    -Dquarkus.profile=prod,embedded \
    -Dquarkus.datasource.embedded.jdbc.url="jdbc:h2:file:$RUN_DIR/state/mfgsync;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64" \
    -Dmfgsync.connectors.endpoints.erp-legacy-b.enabled=true \
    -Dmfgsync.connectors.endpoints.erp-legacy-b.jdbc-url="jdbc:h2:file:$RUN_DIR/erp-legacy-b/erp;AUTO_SERVER=TRUE;INIT=RUNSCRIPT FROM '$ROOT/dev/simulators/erp-legacy-b/staging-tables.sql'" \
    -Dmfgsync.connectors.endpoints.erp-legacy-b.username=sa \
    -jar target/quarkus-app/quarkus-run.jar) > >(if [ "${APP_LOG_TO_CONSOLE:-0}" = 1 ]; then tee "$RUN_DIR/logs/mfgsync.log"; else cat > "$RUN_DIR/logs/mfgsync.log"; fi) 2>&1 &
  APP_PID=$!
  STACK_PIDS+=($APP_PID)
  await_http "$APP_MANAGEMENT_PORT" /q/health/ready 200 120 "mfgsync"
  APP_READY_MS=$(date +%s%3N)
}

start_stack() {
  prepare_artifacts
  trap stop_stack EXIT
  trap 'exit 130' INT TERM
  start_kafka
  start_simulator erp "$ERP_PORT"
  start_simulator qms "$QMS_PORT"
  start_app "$@"
}

print_guide() {
  cat <<GUIDE

  mfgsync is up ($(( APP_READY_MS - APP_STARTED_MS )) ms from launch to ready).

  API (QMS posts here)   http://127.0.0.1:$APP_PORT/api/v1/qms/inspection-results
  Health                 http://127.0.0.1:$APP_MANAGEMENT_PORT/q/health/ready   (management port)
  Metrics                http://127.0.0.1:$APP_MANAGEMENT_PORT/q/metrics
  Cloud ERP simulator    http://127.0.0.1:$ERP_PORT/__admin/requests   (what mfgsync sent to the ERP)
  QMS simulator          http://127.0.0.1:$QMS_PORT/__admin/requests
  Kafka                  127.0.0.1:$KAFKA_PORT
  erp-legacy-b database  jdbc:h2:file:$RUN_DIR/erp-legacy-b/erp;AUTO_SERVER=TRUE (user sa; staging tables polled every 5 s)
  Logs                   $RUN_DIR/logs/

  Try it (a rejected lot gets blocked in the ERP). Webhooks take signed calls only (README "Signed webhooks"); this
  stack's QMS secret is ${QMS_WEBHOOK_SECRETS%%,*} (the cloud ERP's: ${ERP_CLOUD_WEBHOOK_SECRETS%%,*}):
    body=dev/samples/inspection-rejected.json ts=\$(date +%s)
    sig=\$( (printf '%s.' "\$ts"; cat "\$body") | openssl dgst -sha256 -hmac '${QMS_WEBHOOK_SECRETS%%,*}' -hex | sed 's/^.* //')
    curl -i -H 'Content-Type: application/json' -H 'X-Correlation-Id: demo-4711' \\
      -H "X-Mfgsync-Timestamp: \$ts" -H "X-Mfgsync-Delivery-Id: demo-4711-\$ts" -H "X-Mfgsync-Signature: v1=\$sig" \\
      --data-binary @"\$body" http://127.0.0.1:$APP_PORT/api/v1/qms/inspection-results
    curl -s http://127.0.0.1:$ERP_PORT/__admin/requests
  Without openssl: java dev/HttpCall.java --sign='${QMS_WEBHOOK_SECRETS%%,*}' POST \\
      http://127.0.0.1:$APP_PORT/api/v1/qms/inspection-results dev/samples/inspection-rejected.json

  Ctrl-C stops everything.
GUIDE
}

# Posts the sample inspection result (signed with the stack's QMS secret) and checks the ERP simulator got exactly one block with its correlation id.
smoke() {
  local correlation="smoke-$(date +%s)" request="$RUN_DIR/smoke-request.json" answer journal calls
  sed "s/IL-2026-000123/IL-$correlation/" "$ROOT/dev/samples/inspection-rejected.json" > "$request"
  answer="$(java "$ROOT/dev/HttpCall.java" --sign="${QMS_WEBHOOK_SECRETS%%,*}" POST \
    "http://127.0.0.1:$APP_PORT/api/v1/qms/inspection-results" "$request" "X-Correlation-Id: $correlation")"
  log "answer: $answer"
  case "$answer" in 202*) ;; *) log "expected 202"; return 1 ;; esac
  local deadline=$((SECONDS + 30))
  while :; do
    journal="$(java "$ROOT/dev/HttpCall.java" GET "http://127.0.0.1:$ERP_PORT/__admin/requests")"
    calls=$(grep -c "\"X-Correlation-Id\" : \"$correlation\"" <<< "$journal" || true)
    [ "$calls" -ge 1 ] && break
    [ $SECONDS -ge $deadline ] && { log "no block call reached the ERP simulator"; return 1; }
    sleep 0.5
  done
  grep -q "$correlation.*step=erp-blocked outcome=DONE" "$RUN_DIR/logs/mfgsync.log" \
    || { log "the app log has no 'step=erp-blocked outcome=DONE' line with the correlation id"; return 1; }
  [ "$calls" -eq 1 ] || { log "expected 1 block call, the ERP simulator saw $calls"; return 1; }
  log "smoke passed: one block call at the ERP with correlation id $correlation, the same id in the app log"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-run}" in
    run)
      APP_LOG_TO_CONSOLE=1
      start_stack
      print_guide
      wait "$APP_PID" || true
      ;;
    smoke)
      start_stack
      smoke
      ;;
    *) echo "usage: dev/stack.sh [run|smoke]" >&2; exit 2 ;;
  esac
fi
