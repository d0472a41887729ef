#!/usr/bin/env bash
# Benchmark of the ring (issue 5) with real node JVMs on loopback: for each ring size, a steady-state
# window (CPU per member from /proc/PID/stat, ring messages per member per second from
# /actuator/prometheus, false DEAD verdicts), then KILLS kill -9s one at a time (detection from the
# kill to the first DEAD verdict in the nodes' logs, time until every survivor's view agrees, time
# until roles are rebalanced; each victim is restarted before the next kill), then PAUSES SIGSTOPs
# held until the paused node is convicted (the silent path). Writes bench/results/ring.md.
#
#   bench/ring.sh                         # 5- and 10-node rings, 20 kills and 3 pauses each, 60 s steady state
#   SIZES=5 KILLS=5 STEADY=30 bench/ring.sh
#   RING_OPTS="-Dring.suspicion-timeout=1s" bench/ring.sh   # any dispotify.ring.* setting for every node
#
# Nodes run as in production (-Xmx256m -XX:+UseSerialGC -XX:ActiveProcessorCount=1); restarted victims
# add -XX:TieredStopAtLevel=1 to start faster (CPU and message rates are measured before any kill).
# Every process is started by the driver and killed by PID when it ends (also on Ctrl-C, by its
# shutdown hook; and each node exits by itself if the driver JVM dies).
# Time: about 4 + 0.4 * KILLS minutes per ring size on 2 cores.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZES="${SIZES:-5,10}"
KILLS="${KILLS:-20}"
PAUSES="${PAUSES:-3}"
STEADY="${STEADY:-60}"
WARMUP="${WARMUP:-20}"
RING_OPTS="${RING_OPTS:-}"
OUT="${OUT:-$ROOT/bench/results/ring.md}"

command -v java >/dev/null || { echo "missing java (JDK 17+)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "Building the jar and the test classes (the driver is org.dispotify.node.ring.RingBench)"
(cd "$ROOT" && ./mvnw -B -q -pl node -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt")

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"
COMMAND="SIZES=$SIZES KILLS=$KILLS PAUSES=$PAUSES STEADY=$STEADY WARMUP=$WARMUP RING_OPTS='$RING_OPTS' bench/ring.sh"
# shellcheck disable=SC2086
java -Xmx512m -XX:+UseSerialGC -cp "$ROOT/node/target/test-classes:$(cat "$WORK/cp.txt")" \
  -Ddispotify.jar="$ROOT/node/target/dispotify.jar" -Dsizes="$SIZES" -Dkills="$KILLS" -Dpauses="$PAUSES" \
  -Dsteady="$STEADY" -Dwarmup="$WARMUP" -Ddir="$WORK/clusters" -Dout="$WORK/report.md" $RING_OPTS \
  org.dispotify.node.ring.RingBench | tee "$WORK/run.log"

{
  echo "# Ring benchmark (bench/ring.sh)"
  echo
  echo "- Date: $STARTED (finished $(date -u +%H:%MZ))"
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB, $(java -version 2>&1 | head -1)"
  echo "- Load average (1/5/15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
  echo "- Command: \`$COMMAND\`"
  echo "- Node JVMs: -Xmx256m -XX:+UseSerialGC -XX:ActiveProcessorCount=1, on distinct 127.0.x.y addresses; ring settings: defaults${RING_OPTS:+ plus $RING_OPTS}"
  echo
  cat "$WORK/report.md"
} > "$OUT"
echo "Wrote $OUT"
