#!/usr/bin/env bash
# Flat-file connector benchmark: a generated erp-legacy-a CSV (1 GB by default) through validation, streaming,
# JSONata mapping and canonical JSON with the heap capped at 512 MB (no Kafka, no transport); then the same file through
# a plain-Java parse + map + Jackson loop in the same JVM, the floor to compare with. Prints a table and merges
# flatfile_rows_per_s (mapping pass), flatfile_plain_rows_per_s, flatfile_ratio and flatfile_peak_rss_mb (connector
# passes, the whole JVM) into target/bench/results.json, keeping the other benches' keys.
#   dev/bench-flatfile.sh [bytes] [heap]
# FLATFILE_JVM_OPTS: extra JVM options, e.g. -XX:StartFlightRecording=filename=target/bench/flatfile.jfr,settings=profile
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES="${1:-1000000000}"
HEAP="${2:-512m}"
MVN="${MVN:-mvn -B -q}"
$MVN test-compile -Dquarkus.build.skip=true
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt > /dev/null
CSV="target/bench/erp-legacy-a-${BYTES}.csv"
# shellcheck disable=SC2086 # the options are words
out="$(java -Xmx"$HEAP" ${FLATFILE_JVM_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  org.mfgsync.connectors.flatfile.FlatFileBench "$CSV" "$BYTES")"
echo "$out" | grep -v '^RESULT '
figures="$(echo "$out" | sed -n 's/^RESULT //p')"
jackson_cp="$(tr ':' '\n' < target/bench-classpath.txt | grep -E 'jackson-(core|databind|annotations)-' | paste -sd:)"
# shellcheck disable=SC2086 # key=value words
java -cp "$jackson_cp" dev/bench/Results.java target/bench/results.json $figures
value() { echo "$figures" | sed -n "s/^$1=//p"; }
verdict() { if awk "BEGIN{exit !($1)}"; then echo met; else echo MISSED; fi; }
rows="$(value flatfile_rows_per_s)"; plain="$(value flatfile_plain_rows_per_s)"
ratio="$(value flatfile_ratio)"; rss="$(value flatfile_peak_rss_mb)"
cat <<REPORT

## mfgsync flat-file mapping ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, -Xmx$HEAP, $BYTES bytes, load $(cut -d' ' -f1-3 /proc/loadavg))

| figure | value | bar | |
|---|---|---|---|
| flatfile_rows_per_s (mapping pass) | $rows | >= 200000 | $(verdict "$rows >= 200000") |
| flatfile_plain_rows_per_s (plain Java loop) | $plain | | |
| flatfile_ratio | $ratio | >= 0.3 | $(verdict "$ratio >= 0.3") |
| flatfile_peak_rss_mb | $rss | <= 400 | $(verdict "$rss <= 400") |

Merged into target/bench/results.json.
REPORT
