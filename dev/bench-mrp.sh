#!/usr/bin/env bash
# make bench-mrp (p6): an MRP burst — one erp-legacy-a purchase order export with BENCH_P6_LINES changed PO lines
# (BENCH_P6_LINES_PER_PO per PO, the POs spread over SUP-ACME, SUP-BOLT and SUP-COBALT) — through the packaged app: the
# export appears on erp-legacy-a's SFTP server, each PO becomes a PurchaseOrderChanged, the PO revision workflow books
# it and hands it to its supplier's channel, and each channel's delivery route writes it: a file in supplier-acme's drop
# folder, a file in supplier-bolt's FTP folder, a POST to supplier-cobalt's portal (WireMock). Traces and claims on.
# The export appears by rename, and erp-legacy-a is configured with that convention (intake.completion=rename; with
# the default rule for partners without one, the export would first wait stable-for, 30 s). Timed until the last
# supplier delivery is written; beside it, in the same run, a plain-Java floor on the same file.
# Figures p6_lines, p6_seconds, p6_plain_seconds are merged into target/bench/results.json. BENCH_APP_JVM_OPTS reaches
# the app's JVM (e.g. -XX:StartFlightRecording=filename=/tmp/p6.jfr,settings=profile).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"

LINES="${BENCH_P6_LINES:-100000}"
LINES_PER_PO="${BENCH_P6_LINES_PER_PO:-10}"
TIMEOUT="${BENCH_P6_TIMEOUT:-900}"
COBALT_PORT="${BENCH_COBALT_PORT:-8094}"
RESULTS="$ROOT/target/bench/results.json"
P6="$RUN_DIR/p6"

rm -rf "$RUN_DIR"
prepare_artifacts
mkdir -p "$P6"
if [ ! -s "$RUN_DIR/peers.classpath" ]; then
  # the SFTP and FTP servers of the test suite (Apache MINA SSHD, Apache FtpServer), from the project's test classpath
  mvn -q -B -f "$ROOT/pom.xml" dependency:build-classpath -Dmdep.outputFile="$RUN_DIR/peers.classpath" -DincludeScope=test \
    -DincludeGroupIds=org.apache.sshd,org.apache.ftpserver,org.apache.mina,org.slf4j,com.fasterxml.jackson.core
fi
cp="$(cat "$RUN_DIR/peers.classpath")"
mrp() { java -cp "$cp" "$ROOT/dev/bench/MrpBurst.java" "$@"; }

trap stop_stack EXIT
trap 'exit 130' INT TERM
start_kafka
start_simulator supplier-cobalt "$COBALT_PORT"
java -cp "$cp" "$ROOT/dev/bench/MrpBurst.java" peers "$P6" "$P6/ports" > "$RUN_DIR/logs/p6-peers.log" 2>&1 &
STACK_PIDS+=($!)
deadline=$((SECONDS + 60))
until [ -s "$P6/ports" ]; do
  [ $SECONDS -ge $deadline ] && { log "the SFTP/FTP servers did not start (see $RUN_DIR/logs/p6-peers.log)"; exit 1; }
  sleep 0.2
done
source "$P6/ports"
log "erp-legacy-a SFTP on 127.0.0.1:$SFTP_PORT, supplier-bolt FTP on 127.0.0.1:$FTP_PORT"

export_file="$P6/PO_EXPORT_MRP.csv"
counts="$(mrp generate "$export_file" "$LINES" "$LINES_PER_PO")"
eval "$counts"
log "export: $LINES lines, POs per supplier: $counts"

start_app ${BENCH_APP_JVM_OPTS:-} \
  -Dmfgsync.connectors.work-dir="$RUN_DIR/work" \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.enabled=true \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.location="127.0.0.1:$SFTP_PORT" \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.username=erp-legacy-a \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.password=bench-only-secret \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.known-hosts-file="$P6/known_hosts" \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.poll-delay=500 \
  -Dmfgsync.connectors.endpoints.erp-legacy-a.intake.completion=rename \
  -Dmfgsync.connectors.endpoints.supplier-acme.enabled=true \
  -Dmfgsync.connectors.endpoints.supplier-acme.location="$P6/drop/supplier-acme" \
  -Dmfgsync.connectors.endpoints.supplier-bolt.enabled=true \
  -Dmfgsync.connectors.endpoints.supplier-bolt.location="127.0.0.1:$FTP_PORT/supplier-bolt" \
  -Dmfgsync.connectors.endpoints.supplier-bolt.username=supplier-bolt \
  -Dmfgsync.connectors.endpoints.supplier-bolt.password=bench-only-secret \
  -Dmfgsync.connectors.endpoints.supplier-bolt.tls=none \
  -Dmfgsync.connectors.endpoints.supplier-bolt.plain-ftp-waiver="bench: the local FTP server has no TLS" \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.enabled=true \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.url="http://127.0.0.1:$COBALT_PORT" \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.token=bench-only-token \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.location="127.0.0.1:$SFTP_PORT/cobalt" \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.username=supplier-cobalt \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.password=bench-only-secret \
  -Dmfgsync.connectors.endpoints.supplier-cobalt.known-hosts-file="$P6/known_hosts"

log "p6: the export on erp-legacy-a's SFTP server, until every supplier delivery is written (at most $TIMEOUT s)"
product="$(mrp measure "$export_file" "$P6/sftp/outbound" "$P6/drop/supplier-acme/outbound" "$P6/ftp/supplier-bolt/outbound" \
  "http://127.0.0.1:$COBALT_PORT" "$N_ACME" "$N_BOLT" "$N_COBALT" "$TIMEOUT")"
log "p6: the plain-Java floor on the same file"
plain="$(mrp plain "$export_file" "$P6/plain-out")"

figures=$( { echo "$product"; echo "$plain"; } | sed -n 's/^RESULT //p')
java -cp "$cp" "$ROOT/dev/bench/Results.java" "$RESULTS" $figures

cat <<REPORT

## p6 — MRP burst ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1))

| path | volume | time | rate |
|---|---|---|---|
$(echo "$product" | grep -v '^RESULT ')
$(echo "$plain" | grep -v '^RESULT ')

Figures: $RESULTS (bar: p6_seconds <= 60)
How: Kafka (KRaft, one node), erp-legacy-a's SFTP server and supplier-bolt's FTP server (MINA SSHD, Apache FtpServer),
supplier-cobalt's portal (WireMock) and the packaged app run on this machine; the time runs from the export's rename
into erp-legacy-a's outbound folder until supplier-acme's and supplier-bolt's folders hold every PO file and the portal
has taken every PO.
REPORT
