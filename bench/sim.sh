#!/usr/bin/env bash
# The ring in the deterministic simulator (ring-sim, issue 18): the same ring-lib code as every node,
# on virtual time, simulated links and name service, faults drawn from a seed.
#
#   bench/sim.sh              # the table: 10, 100 and 1,000 nodes; writes bench/results/ring-sim.md
#   SIZES=10,100 bench/sim.sh # fewer sizes
#   bench/sim.sh seeds        # thousands of seeds of small rings (./mvnw -pl ring-sim -am test -Psim)
#
# Per size: a run with crashes and pauses (detection, one view after the faults, walks, load), the same
# with 5 % and 10 % of every link's messages lost all run long (false dead verdicts), and a run whose walks
# go round the ring in one sequence (--walk-segment = the ring's size, the original design) against the
# default segments of 32. Nothing leaves this JVM: no ports, no processes. Time on 2 busy cores: seconds
# per run for 10 and 100 nodes, 5 minutes or more per 1,000-node run (at load 7; longer with loss, and
# many times longer on a machine at load 20: see "simulated seconds per wall second").
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$ROOT/bench/results/ring-sim.md}"
SIZES="${SIZES:-10,100,1000}"
SEED="${SEED:-1}"

if [ "${1:-}" = "seeds" ]; then
  cd "$ROOT"
  exec ./mvnw -B -pl ring-sim -am test -Psim -Dtest=SimulatedSeedsTest -Dsurefire.failIfNoSpecifiedTests=false
fi

command -v java >/dev/null || { echo "missing java (JDK 17+)" >&2; exit 1; }
# KEEP=DIR keeps every run's report there, and a report already there is not run again (a long table can be
# finished in parts); JOBS=N runs the four runs of a size N at a time (each is one busy thread).
if [ -n "${KEEP:-}" ]; then
  WORK="$KEEP"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fi
JOBS="${JOBS:-1}"
"$ROOT/dispotify" --version >/dev/null   # builds node/target/dispotify.jar if it is missing or stale
# The runs use a copy, so a build meanwhile cannot change the jar under a running JVM.
JAR="$WORK/dispotify.jar"
cp "$ROOT/node/target/dispotify.jar" "$JAR"

seconds_for() {  # simulated seconds per run: long enough for a few dozen faults, short enough at 1,000
  case "$1" in
    1000) echo 150 ;;
    *) echo 300 ;;
  esac
}

run() {  # run NAME ARGS... -> $WORK/NAME.txt (the report); in the background when JOBS > 1
  local name="$1"; shift
  if grep -q "^  properties:" "$WORK/$name.txt" 2>/dev/null; then
    echo "  $name: kept from an earlier run" >&2
    return
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  java -Xmx6g -XX:+UseSerialGC -jar "$JAR" simulate "$@" > "$WORK/$name.txt" 2>&1 &
  if [ "$JOBS" -le 1 ]; then wait $! || true; fi
}

field() {  # field FILE PATTERN SED-EXPRESSION
  grep -m1 "$2" "$1" | sed -E "$3"
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"
ROWS=""
LOSSROWS=""
WALKS=""
REPORTS=""
IFS=',' read -ra sizes <<< "$SIZES"
for n in "${sizes[@]}"; do
  secs="$(seconds_for "$n")"
  for loss in 0 0.05 0.1; do
    echo "simulating $n nodes, $secs s, crashes and pauses, loss $loss ..." >&2
    run "n$n-l$loss" --nodes "$n" --seconds "$secs" --seed "$SEED" --faults crash,pause --loss "$loss"
  done
  echo "simulating $n nodes, walks in one sequence ..." >&2
  run "n$n-seq" --nodes "$n" --seconds "$secs" --seed "$SEED" --faults crash,pause --walk-segment "$n"
  wait || true
  f="$WORK/n$n-l0.txt"
  det="$(field "$f" 'detection after a crash' 's/.*: ([0-9]+) crashes, p50 ([^,]+), p99 (.*)/\2 \/ \3 (\1 crashes)/')"
  view="$(field "$f" 'one view:' 's/.*, (.*) after the last fault/\1/')"
  start="$(field "$f" 'one view:' 's/.*one view: (.*) after the start,.*/\1/')"
  load="$(field "$f" 'per member per second' 's/.*: ([0-9.]+) messages, ([0-9]+) bytes \(quiet end: ([0-9.]+), ([0-9]+)\)/\3 msg, \4 B (whole run: \1 msg, \2 B)/')"
  walk="$(field "$f" 'walks round the ring' 's/.*: ([0-9]+), p50 ([^,]+), max (.*)/\2 \/ \3 (\1 walks)/')"
  fd0="$(field "$f" 'dead verdicts' 's/.*false: ([0-9]+);.*/\1/')"
  fd5="$(field "$WORK/n$n-l0.05.txt" 'dead verdicts' 's/.*false: ([0-9]+);.*/\1/')"
  fd10="$(field "$WORK/n$n-l0.1.txt" 'dead verdicts' 's/.*false: ([0-9]+);.*/\1/')"
  speed="$(field "$f" 'simulated seconds in' 's/.*\(([0-9.]+) per second\).*/\1/')"
  held="all"; for x in l0 l0.05 l0.1 seq; do grep -q "properties: all hold" "$WORK/n$n-$x.txt" || held="**not all** (see below)"; done
  ROWS+="| $n | $det | $view (start: $start) | $load | $walk | $fd0 / $fd5 / $fd10 | $speed | $held |"$'\n'
  for loss in 0.05 0.1; do
    g="$WORK/n$n-l$loss.txt"
    LOSSROWS+="| $n | $(awk "BEGIN {print $loss * 100}") % | $(field "$g" 'detection after a crash' 's/.*: ([0-9]+) crashes, p50 ([^,]+), p99 (.*)/\2 \/ \3/') | $(field "$g" 'one view:' 's/.*, (.*) after the last fault/\1/') | $(field "$g" 'per member per second' 's/.*\(quiet end: ([0-9.]+), ([0-9]+)\)/\1 msg, \2 B/') | $(field "$g" 'walks round the ring' 's/.*: ([0-9]+), p50 ([^,]+), max (.*)/\2 \/ \3/') | $(field "$g" 'dead verdicts' 's/.*false: ([0-9]+);.*/\1/') |"$'\n'
  done
  seqwalk="$(field "$WORK/n$n-seq.txt" 'walks round the ring' 's/.*: ([0-9]+), p50 ([^,]+), max (.*)/\2 \/ \3 (\1 walks)/')"
  WALKS+="| $n | $seqwalk | $walk |"$'\n'
  for x in l0 l0.05 l0.1 seq; do
    REPORTS+=$'\n'"\`\`\`"$'\n'"$(cat "$WORK/n$n-$x.txt")"$'\n'"\`\`\`"$'\n'
  done
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "# The ring in the simulator (bench/sim.sh)"
  echo
  echo "- Date: $STARTED (finished $(date -u +%H:%MZ))"
  echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  echo "- Load average (1/5/15 min) at start: $LOAD_START; at end: $LOAD_END (shared with other builds: wall-clock speed varies, simulated figures do not)"
  echo "- Command: \`SIZES=$SIZES SEED=$SEED bench/sim.sh\`; each run is \`./dispotify simulate --nodes N --seconds S --seed $SEED --faults crash,pause [--loss P]\`, S = 300 (150 for 1,000 nodes)"
  echo "- Links: lan profile (0.1-1 ms per link, 0.1 ms jitter, 1 % of messages up to 20 ms late); ring timers: defaults"
  echo
  echo "| nodes | detection after a crash p50 / p99 | one view after the last fault | per member per second, quiet end | alert walk p50 / max | false dead at 0 / 5 / 10 % loss | simulated s per wall s | properties |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  printf "%s" "$ROWS"
  echo
  echo "## Under loss: every link loses 5 % or 10 % of its messages all run long"
  echo
  echo "| nodes | loss | detection p50 / p99 | one view after the last fault | per member per second, quiet end | alert walk p50 / max | false dead |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf "%s" "$LOSSROWS"
  echo
  echo "## Walks round the ring: in one sequence (the original design) and in segments of 32"
  echo
  echo "| nodes | one sequence: p50 / max | segments of 32: p50 / max |"
  echo "| --- | --- | --- |"
  printf "%s" "$WALKS"
  echo
  echo "## Reports"
  printf "%s" "$REPORTS"
} > "$OUT"
echo "wrote $OUT" >&2
