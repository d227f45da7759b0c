#!/usr/bin/env bash
# make validate: the hot reload's validation of a routes and a mappings folder, offline, for CI.
#   dev/validate.sh [routes-dir] [mappings-dir]
# Prints file:line: reason per problem (and GitHub Actions annotations when run there); exit 0 valid, 1 invalid,
# 2 when it could not run. Needs the packaged app (make build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="$ROOT/target/quarkus-app"
[ -d "$APP/lib/main" ] || { echo "run 'make build' first" >&2; exit 2; }
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dslf4j.internal.verbosity=ERROR \
  -cp "$ROOT/target/classes:$APP/lib/boot/*:$APP/lib/main/*" \
  org.mfgsync.governance.reload.ValidateCommand "${1:-routes}" "${2:-mappings}" "$ROOT/target/classes"
