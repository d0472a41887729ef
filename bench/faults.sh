#!/usr/bin/env bash
# The fault scenarios of issues 7 and 14 at their full lengths (./mvnw verify -Pfaults): real name-service
# and node JVMs on 127.0.x.y or in network namespaces, a client workload through the routers, kill -9,
# SIGSTOP/SIGCONT, the name service killed and restarted, role handovers with songs present, partitions,
# loss + delay, clock jumps, CPU starvation, a 10-minute steady state, a 10-minute soak of process faults
# and a 30-minute soak that mixes them with the network and clock faults. One run writes both
# bench/results/faults.json and bench/results/faults.md: a row per scenario (pass/FAIL/skipped with the
# reason, pass line, detection time, failed operations, lost writes, recovery time, notes, the commit it
# ran on), also when it fails. Network, clock and CPU faults need root, nftables and faketime (.ci/run
# installs them); without them their rows say "skipped" and why.
#
#   bench/faults.sh                          # every fault IT, full lengths (about 80 minutes on 2 cores)
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

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"
COMMAND="ITS='$ITS' SUITE=$SUITE${SEED:+ SEED=$SEED} bench/faults.sh"
COMMIT="$(cd "$ROOT" && git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)"
mkdir -p "$RESULTS"
# A fresh report: the scenarios add their rows as they finish. The commit is read before the old report
# is removed, so a clean tree is not reported "-dirty" because of this script's own deletion.
rm -f "$RESULTS/faults.json" "$RESULTS/faults.md" "$RESULTS/.faults.lock"
echo "Running $ITS ($SUITE) on $COMMIT with ./mvnw -B verify $PROFILE; the report goes to $RESULTS/faults.{json,md}"
set +e
(cd "$ROOT" && ./mvnw -B -pl node -am verify $PROFILE -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$ITS" -Ddispotify.faults.suite="$SUITE" -Ddispotify.faults.report-dir="$RESULTS" \
    -Ddispotify.faults.run="$COMMAND" -Ddispotify.faults.started="$STARTED" \
    -Ddispotify.faults.load-at-start="$LOAD_START" -Ddispotify.faults.commit="$COMMIT" \
    ${SEED:+-Ddispotify.faults.seed=$SEED})
STATUS=$?
set -e
rm -f "$RESULTS/.faults.lock"

if [ -f "$RESULTS/faults.md" ]; then
  # The rows and the run line come from the ITs (both files from the same data); what only this script
  # knows comes last: how the build ended and what the machine was.
  {
    echo "- Ended $(date -u +%H:%MZ), build exit status $STATUS; load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB, $(java -version 2>&1 | head -1)"
    echo "- Node JVMs: -Xmx256m -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -XX:TieredStopAtLevel=1, on distinct 127.0.x.y addresses or in network namespaces"
  } >> "$RESULTS/faults.md"
  ROWS="$(grep -c '"passLine"' "$RESULTS/faults.json" || true)"
  echo "Wrote $RESULTS/faults.json and $RESULTS/faults.md: $ROWS scenarios"
else
  echo "no scenario wrote a report (build status $STATUS)" >&2
fi
exit $STATUS
