#!/usr/bin/env bash
# make test: every test `mvn verify` runs, in three lanes side by side on the one compiled project.
# The suite's wall time is mostly its end-to-end tests waiting (hold rounds, minimum file ages, leases, a broker or an
# ERP taken down), so one JVM after another left both cores idle most of the time. The lanes:
#   end-to-end-a   the @QuarkusTest classes listed in src/test/lanes/end-to-end-a.txt (an application and test stack
#                  of its own: temporary folders, free ports)
#   main           every other test class (unit, golden-file, the rest of the end-to-end tests) but those in
#                  src/test/lanes/postgres-only.txt, which make test-postgres runs
#   packaged       the *IT classes against target/quarkus-app (failsafe), but ImageTreeIT (make test-image)
# Each lane logs to target/test-lanes/<lane>.log; a failed lane's log is printed whole, the others' results only.
#   dev/test.sh          MVN="mvn -B" by default
set -uo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B}"
LANES=target/test-lanes

# compile, test-compile and the packaged app the ITs run (Maven's own test phase is skipped: the lanes run it)
# shellcheck disable=SC2086 # MVN is a command with options
$MVN package -DskipTests || exit 1

rm -rf "$LANES" target/surefire-reports target/failsafe-reports
mkdir -p "$LANES"
started=$SECONDS

# A lane's first minute (Quarkus' build of the test app, a broker, the app's boot) is its CPU-heaviest: started at the
# same moment, the lanes' boots starved each other (one took 97 s and its database pool timed out), so they start
# STAGGER seconds apart.
STAGGER="${TEST_LANE_STAGGER:-20}"
lane() {
  local name=$1 delay=$2
  shift 2
  # shellcheck disable=SC2086
  ( sleep "$delay"; $MVN "$@" > "$LANES/$name.log" 2>&1; echo $? > "$LANES/$name.rc" ) &
}

cat src/test/lanes/end-to-end-a.txt src/test/lanes/postgres-only.txt > "$LANES/main-excludes.txt"
lane main 0 surefire:test -Dsurefire.excludesFile="$LANES/main-excludes.txt"
lane end-to-end-a "$STAGGER" surefire:test -Dsurefire.includesFile=src/test/lanes/end-to-end-a.txt
# (ImageTreeIT is make test-image's: one more app boot here would push the CPU-bound lanes past the 6 minutes)
lane packaged $((2 * STAGGER)) failsafe:integration-test failsafe:verify '-Dit.test=*IT,!ImageTreeIT' ${CI:+-Dtests.postgres=required}
wait

failed=0
for name in end-to-end-a main packaged; do
  rc="$(cat "$LANES/$name.rc" 2>/dev/null || echo 1)"
  echo
  if [ "$rc" = 0 ]; then
    echo "==== lane $name: passed"
    # the lane's summary: its results block up to the build result
    sed -n '/^\[INFO\] Results:/,/BUILD SUCCESS/p' "$LANES/$name.log"
  else
    failed=1
    echo "==== lane $name: FAILED (exit $rc); its whole log follows"
    cat "$LANES/$name.log"
  fi
done
echo
echo "Lanes finished in $((SECONDS - started)) s"
exit "$failed"
