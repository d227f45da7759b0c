#!/usr/bin/env bash
# Flat-file connector benchmark: a generated erp-legacy-a CSV (1 GB by default) through validation, streaming,
# JSONata mapping and canonical JSON with the heap capped at 512 MB (no Kafka, no transport). Prints rows/s and peak RSS.
#   dev/bench-flatfile.sh [bytes] [heap]
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES="${1:-1000000000}"
HEAP="${2:-512m}"
MVN="${MVN:-mvn -B -q}"
$MVN test-compile -Dquarkus.build.skip=true
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt > /dev/null
CSV="target/bench/erp-legacy-a-${BYTES}.csv"
java -Xmx"$HEAP" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  org.mfgsync.connectors.flatfile.FlatFileBench "$CSV" "$BYTES"
