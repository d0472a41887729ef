#!/usr/bin/env bash
# Start-up benchmark (issue 13), through ./dispotify as a user runs it, for each JDK given:
#   dns      the name service alone: from `./dispotify dns` to /actuator/health UP
#   node     one node alone (a name service already up): from `./dispotify node` to /actuator/health UP
#   up N     `./dispotify up --nodes N` with the jar built and prepared: from the command to the player URL
#   idle     a 5-node cluster at rest after WARMUP s: CPU per process over IDLE s (from /proc/PID/stat), RSS and PSS
#   clone    git clone of this checkout -> ./dispotify up (build, prepare, start) -> player URL, warm Maven cache
# Each timing is taken RUNS times; the table shows every run. The first `prepare` of each JDK (training its
# archives) is timed too. Writes bench/results/startup-bench.md (override with OUT).
#
#   bench/startup.sh
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64" RUNS=1 SIZES=5 bench/startup.sh
#
# Everything listens on 127.0.0.1, on ports picked free at random; every process is stopped by PID (or by
# `./dispotify down` on the state folder it made) when the script ends, also on Ctrl-C.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JDKS="${JDKS:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")") /usr/lib/jvm/temurin-25-jdk-amd64}"
RUNS="${RUNS:-3}"
SIZES="${SIZES:-5 10}"
WARMUP="${WARMUP:-120}"
IDLE="${IDLE:-60}"
CLONE="${CLONE:-1}"
OUT="${OUT:-$ROOT/bench/results/startup-bench.md}"
WORK="$(mktemp -d)"
PIDS=()
DIRS=()

cleanup() {
  for d in "${DIRS[@]}"; do [ -f "$d/cluster.json" ] && "$ROOT/dispotify" down --dir "$d" >/dev/null 2>&1 || true; done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }
free_base() {  # a base port B with B, B+1 (TCP and UDP) and B+100 .. B+120 free
  local used
  for _ in $(seq 1 50); do
    local b=$(( (RANDOM % 300 + 200) * 100 )) busy=0
    used="$(ss -Htuln | awk '{print $5}' | sed 's/.*://')"
    for p in "$b" "$((b + 1))" $(seq "$((b + 100))" "$((b + 120))"); do
      if grep -qx "$p" <<< "$used"; then busy=1; break; fi
    done
    if [ "$busy" = 0 ]; then echo "$b"; return; fi
  done
  echo "no free ports" >&2; exit 1
}
wait_healthy() {  # PORT PID LIMIT_S
  local deadline=$(( $(date +%s) + $3 ))
  until curl -sf -m 1 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$2" 2>/dev/null || { echo "process $2 died" >&2; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "not healthy after $3 s" >&2; return 1; }
    sleep 0.05
  done
}
wait_line() {  # FILE TEXT PID LIMIT_S
  local deadline=$(( $(date +%s) + $4 ))
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "process $3 died:"; tail -20 "$1"; return 1; } >&2
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no '$2' after $4 s" >&2; return 1; }
    sleep 0.1
  done
}
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
cpu_seconds() {  # PID... : CPU seconds they have used so far (what load inflates least: 2 cores share them)
  local ticks=0
  for p in "$@"; do ticks=$(( ticks + $(cpu_ticks "$p" 2>/dev/null || echo 0) )); done
  echo "scale=1; $ticks / $(getconf CLK_TCK)" | bc
}
cluster_pids() { "$ROOT/dispotify" status --json --dir "$1" | grep -oE '"pid":[0-9]+' | cut -d: -f2; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

echo "Building the jar (./dispotify builds it when it is missing or stale)"
"$ROOT/dispotify" --version >/dev/null
ROWS="$WORK/rows.md"
IDLE_ROWS="$WORK/idle.md"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"

for jdk in $JDKS; do
  export JAVA_HOME="$jdk"
  version="$("$jdk/bin/java" -version 2>&1 | head -1)"
  feature="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  echo "== $version"
  t=$(now); "$ROOT/dispotify" prepare; echo "| JDK $feature | first \`prepare\` (extract, train both archives) | $(since "$t") s | | load $(cut -d' ' -f1 /proc/loadavg) |" >> "$ROWS"

  for run in $(seq 1 "$RUNS"); do
    base=$(free_base); state="$WORK/dns-$feature-$run"
    t=$(now)
    "$ROOT/dispotify" dns --port "$base" --dns-port "$((base + 1))" --dir "$state" > "$WORK/dns.log" 2>&1 & dns=$!; PIDS+=("$dns")
    wait_healthy "$base" "$dns" 300
    echo "| JDK $feature | name service ready (run $run) | $(since "$t") s | $(cpu_seconds "$dns") s | load $(cut -d' ' -f1 /proc/loadavg) |" >> "$ROWS"
    t=$(now)
    "$ROOT/dispotify" node --port "$((base + 100))" --name-servers "127.0.0.1:$base" --dir "$state-node" > "$WORK/node.log" 2>&1 & node=$!; PIDS+=("$node")
    wait_healthy "$((base + 100))" "$node" 300
    echo "| JDK $feature | one node ready, name service up (run $run) | $(since "$t") s | $(cpu_seconds "$node") s | load $(cut -d' ' -f1 /proc/loadavg) |" >> "$ROWS"
    stop "$node"; stop "$dns"
  done

  for n in $SIZES; do
    for run in $(seq 1 "$RUNS"); do
      base=$(free_base); state="$WORK/up-$feature-$n-$run"; DIRS+=("$state")
      t=$(now)
      "$ROOT/dispotify" up --nodes "$n" --dir "$state" --dns-http-port "$base" --dns-port "$((base + 1))" \
          --first-port "$((base + 100))" > "$WORK/up.log" 2>&1 & up=$!; PIDS+=("$up")
      wait_line "$WORK/up.log" "^Player: " "$up" 900
      elapsed="$(since "$t")"
      mapfile -t pids < <(cluster_pids "$state")
      echo "| JDK $feature | \`up --nodes $n\` to the player URL (run $run) | $elapsed s | $(cpu_seconds "${pids[@]}" "$up") s | load $(cut -d' ' -f1 /proc/loadavg) |" >> "$ROWS"
      if [ "$n" = 5 ] && [ "$run" = 1 ]; then
        sleep "$WARMUP"
        declare -A before=()
        for p in "${pids[@]}"; do before[$p]=$(cpu_ticks "$p"); done
        sleep "$IDLE"
        tck=$(getconf CLK_TCK)
        for p in "${pids[@]}"; do
          name="$(tr '\0' ' ' < "/proc/$p/cmdline" | grep -oE ' (dns|node --port [0-9]+)' | head -1)"
          cpu=$(echo "scale=2; 100 * ($(cpu_ticks "$p") - ${before[$p]}) / $tck / $IDLE" | bc)
          rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$p/status") / 1024 ))
          # PSS shares the pages the processes map together (the archive, the jar) among them.
          pss=$(( $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup") / 1024 ))
          echo "| JDK $feature | ${name# } | $cpu % | $rss MB | $pss MB |" >> "$IDLE_ROWS"
        done
      fi
      "$ROOT/dispotify" down --dir "$state" >/dev/null
      wait "$up" 2>/dev/null || true
    done
  done

  if [ "$CLONE" = 1 ]; then
    clone="$WORK/clone-$feature"; base=$(free_base); state="$clone/.dispotify"; DIRS+=("$state")
    t=$(now)
    git clone -q "$ROOT" "$clone"
    (cd "$clone" && ./dispotify up --nodes 5 --dns-http-port "$base" --dns-port "$((base + 1))" --first-port "$((base + 100))") \
        > "$WORK/clone.log" 2>&1 & up=$!; PIDS+=("$up")
    wait_line "$WORK/clone.log" "^Player: " "$up" 1800
    echo "| JDK $feature | clone -> build -> prepare -> \`up\` (5 nodes) to the player URL | $(since "$t") s | | load $(cut -d' ' -f1 /proc/loadavg) |" >> "$ROWS"
    (cd "$clone" && ./dispotify down >/dev/null)
    wait "$up" 2>/dev/null || true
  fi
done

{
  echo "# Start-up benchmark (bench/startup.sh)"
  echo
  echo "- Date: $STARTED (finished $(date -u +%H:%MZ))"
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "- Load average (1/5/15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
  echo "- Command: \`JDKS='$JDKS' RUNS=$RUNS SIZES='$SIZES' WARMUP=$WARMUP IDLE=$IDLE CLONE=$CLONE bench/startup.sh\`"
  echo
  echo "| JDK | what | wall | CPU (its processes) | load (1 min) |"
  echo "| --- | --- | --- | --- | --- |"
  cat "$ROWS"
  echo
  echo "Idle 5-node cluster, $WARMUP s after the player URL, over $IDLE s:"
  echo
  echo "| JDK | process | CPU (of one core) | RSS | PSS |"
  echo "| --- | --- | --- | --- | --- |"
  cat "$IDLE_ROWS" 2>/dev/null || true
} > "$OUT"
cat "$OUT"
