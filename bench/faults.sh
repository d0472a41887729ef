#!/usr/bin/env bash
# The fault scenarios of issue 7 at their full lengths (./mvnw verify -Pfaults): real name-service and
# node JVMs on 127.0.x.y, a client workload through the routers, kill -9, SIGSTOP/SIGCONT, the name
# service killed and restarted, a 10-minute steady state and a 10-minute soak of random faults (and,
# where the harness has them, network faults in namespaces). Each scenario writes its row to
# bench/results/faults.json and bench/results/faults.md (pass/fail, detection time, failed
# operations, lost writes, recovery time), also when it fails.
#
#   bench/faults.sh                          # every fault IT, full lengths (about 45 minutes on 2 cores)
#   ITS='ProcessFaultsIT' bench/faults.sh     # some of them (failsafe's -Dit.test pattern)
#   SUITE=subset bench/faults.sh              # the short lengths of the default build
#   SEED=42 bench/faults.sh                   # a fixed seed for the soak's random faults
#
# Every process is started by the tests and killed by PID when a test class ends (also when it fails;
# and each node exits by itself if the test JVM dies). Logs of failed scenarios stay in
# node/target/harness/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ITS="${ITS:-org/dispotify/node/faults/*IT}"
SUITE="${SUITE:-full}"
RESULTS="$ROOT/bench/results"
PROFILE=""
[ "$SUITE" = full ] && PROFILE="-Pfaults"

command -v java >/dev/null || { echo "missing java (JDK 17+)" >&2; exit 1; }
mkdir -p "$RESULTS"
# A fresh report: the scenarios add their rows as they finish.
rm -f "$RESULTS/faults.json" "$RESULTS/faults.md" "$RESULTS/.faults.lock"

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"
COMMAND="ITS='$ITS' SUITE=$SUITE${SEED:+ SEED=$SEED} bench/faults.sh"
echo "Running $ITS ($SUITE) with ./mvnw -B verify $PROFILE; the report goes to $RESULTS/faults.{json,md}"
set +e
(cd "$ROOT" && ./mvnw -B -pl node -am verify $PROFILE -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$ITS" -Ddispotify.faults.suite="$SUITE" -Ddispotify.faults.report-dir="$RESULTS" \
    ${SEED:+-Ddispotify.faults.seed=$SEED})
STATUS=$?
set -e

if [ -f "$RESULTS/faults.md" ]; then
  {
    cat "$RESULTS/faults.md"
    echo
    echo "- Run: $STARTED to $(date -u +%H:%MZ); \`$COMMAND\`; build exit status $STATUS"
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB, $(java -version 2>&1 | head -1)"
    echo "- Load average (1/5/15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
    echo "- Node JVMs: -Xmx256m -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -XX:TieredStopAtLevel=1, on distinct 127.0.x.y addresses"
  } > "$RESULTS/faults.md.tmp" && mv "$RESULTS/faults.md.tmp" "$RESULTS/faults.md"
  echo "Wrote $RESULTS/faults.json and $RESULTS/faults.md"
else
  echo "no scenario wrote a report (build status $STATUS)" >&2
fi
exit $STATUS
