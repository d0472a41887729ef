#!/usr/bin/env bash
# Router-role benchmark (issue 4), loopback only: a real name service and a real router node
# (java -Xmx256m -XX:+UseSerialGC -jar node/target/dispotify.jar node --role router), in front of
# stand-in data nodes (bench/lib/FakeCatalogNodes.java: 3 fake nodes, SONGS songs, each song on 2 of
# them, registered as data.dispotify). Measures, at a fixed RATE of requests per second, open loop
# (bench/lib/RateClient.java: request i is due at start + i/RATE and its latency counts from then):
#   1. search      GET /api/songs?q=...             p99 target < 50 ms
#   2. first page  GET /api/songs?page=0&size=50    p99 target < 20 ms
#   3. providers   GET /api/songs/{id}/providers    p99 target < 5 ms (asks 2 fake nodes /complete)
#   4. router heap: in use, max over the run (jstat, 1 s samples), and live after a full GC;
#      target <= 256 MB
# Stops what it started, by PID.
#
#   bench/catalog.sh
#   SONGS=100000 RATE=500 SECONDS_EACH=30 WARMUP=15 bench/catalog.sh
#   ROUTER_OPTS='-XX:StartFlightRecording=filename=/tmp/router.jfr,settings=profile' bench/catalog.sh
#   LOGS=/tmp/catalog-logs bench/catalog.sh      # keep the processes' logs, jstat samples and a heap histogram
#   JAR=/tmp/clone/node/target/dispotify.jar bench/catalog.sh     # a jar built elsewhere (no build)
#
# Needs: a JDK 17+ (java, jstat, jcmd) and curl.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SONGS="${SONGS:-100000}"
RATE="${RATE:-500}"
SECONDS_EACH="${SECONDS_EACH:-30}"
WARMUP="${WARMUP:-15}"
BASE_PORT="${BASE_PORT:-18700}"
ROUTER_OPTS="${ROUTER_OPTS:-}"
NS_PORT=$((BASE_PORT)); DNS_PORT=$((BASE_PORT + 1)); ROUTER_PORT=$((BASE_PORT + 2))
FAKE_PORTS=("$((BASE_PORT + 11))" "$((BASE_PORT + 12))" "$((BASE_PORT + 13))")

for tool in java jstat jcmd curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
if [[ -z "${JAR:-}" ]]; then
  echo "== building node/target/dispotify.jar"
  (cd "$ROOT" && ./mvnw -B -q -pl node -am package -Dmaven.test.skip=true)
  JAR="$ROOT/node/target/dispotify.jar"
fi
[[ -f "$JAR" ]] || { echo "no jar at $JAR" >&2; exit 1; }
# The node jar nests router-service's jar; make sure it is the one just built, not an older one
# (repackaging an unchanged node module keeps the previous nested jars).
ROUTER_JAR="$(dirname "$JAR")/../../router-service/target/router-service-0.1.0-SNAPSHOT.jar"
if [[ -f "$ROUTER_JAR" ]] && ! unzip -p "$JAR" BOOT-INF/lib/router-service-0.1.0-SNAPSHOT.jar | cmp -s - "$ROUTER_JAR"; then
  echo "$JAR holds an older router-service than $ROUTER_JAR: delete the node jar and build again" >&2
  exit 1
fi

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [[ -n "${LOGS:-}" ]] && mkdir -p "$LOGS" && cp "$WORK"/*.log "$WORK"/*.txt "$LOGS"/ 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# wait_for URL SECONDS PID LOG
wait_for() {
  for _ in $(seq 1 $(($2 * 2))); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$3" 2>/dev/null || { echo "process $3 exited:" >&2; tail -30 "$4" >&2; return 1; }
    sleep 0.5
  done
  echo "$1 did not answer within $2 s" >&2; tail -30 "$4" >&2; return 1
}

# A loopback-only cluster runs open: no cluster secret, no upload token.
unset DISPOTIFY_CLUSTER_SECRET DISPOTIFY_CLUSTER_SECRET_FILE DISPOTIFY_UPLOAD_TOKEN DISPOTIFY_UPLOAD_TOKEN_FILE

echo "== name service on 127.0.0.1:$NS_PORT"
java -Xmx256m -XX:+UseSerialGC -jar "$JAR" dns --port "$NS_PORT" --dns-port "$DNS_PORT" --dir "$WORK/dns" \
  >"$WORK/dns.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$NS_PORT/actuator/health" 120 "${PIDS[-1]}" "$WORK/dns.log"

echo "== $SONGS fake songs on 3 fake data nodes (${FAKE_PORTS[*]}), 2 copies each"
java -Xmx1g -XX:+UseSerialGC "$ROOT/bench/lib/FakeCatalogNodes.java" "$SONGS" "$NS_PORT" \
  "$WORK/queries.txt" "$WORK/ids.txt" "${FAKE_PORTS[@]}" >"$WORK/fake.log" 2>&1 &
PIDS+=($!)
FAKE_PID=${PIDS[-1]}
for port in "${FAKE_PORTS[@]}"; do
  wait_for "http://127.0.0.1:$port/actuator/health" 120 "$FAKE_PID" "$WORK/fake.log"
done
for _ in $(seq 1 40); do [[ "$(grep -c '^fake data node' "$WORK/fake.log")" -eq 3 ]] && break; sleep 0.5; done
sed 's/^/   /' "$WORK/fake.log"

echo "== router on 127.0.0.1:$ROUTER_PORT (-Xmx256m -XX:+UseSerialGC $ROUTER_OPTS)"
# shellcheck disable=SC2086
java -Xmx256m -XX:+UseSerialGC $ROUTER_OPTS -jar "$JAR" node --role router --port "$ROUTER_PORT" \
  --name-servers "127.0.0.1:$NS_PORT" --dir "$WORK/router" >"$WORK/router.log" 2>&1 &
PIDS+=($!)
ROUTER_PID=${PIDS[-1]}
ROUTER="http://127.0.0.1:$ROUTER_PORT"
wait_for "$ROUTER/actuator/health" 180 "$ROUTER_PID" "$WORK/router.log"
jstat -gc "$ROUTER_PID" 1000 >"$WORK/jstat.txt" 2>/dev/null &
PIDS+=($!)

T0="$(date +%s)"
for _ in $(seq 1 240); do
  TOTAL="$(curl -fs "$ROUTER/api/songs?size=1" | sed -nE 's/.*"total":([0-9]+).*/\1/p' || true)"
  [[ "$TOTAL" == "$SONGS" ]] && break
  kill -0 "$ROUTER_PID" 2>/dev/null || { tail -30 "$WORK/router.log" >&2; exit 1; }
  sleep 0.5
done
[[ "$TOTAL" == "$SONGS" ]] || { echo "the router lists ${TOTAL:-nothing}, not $SONGS songs, after 120 s" >&2; tail -30 "$WORK/router.log" >&2; exit 1; }
echo "   the router lists all $SONGS songs, $(($(date +%s) - T0)) s after it answered health"

# URL lists: search terms from the catalog (spaces as %20; the words are letters and '-' only),
# the first page in every sort order the player offers, 2,000 random songs' providers.
sed -E "s/ /%20/g; s|^|$ROUTER/api/songs?size=50\&q=|" "$WORK/queries.txt" >"$WORK/search-urls.txt"
for sort in title artist album recent; do echo "$ROUTER/api/songs?page=0&size=50&sort=$sort"; done >"$WORK/page-urls.txt"
shuf -n 2000 --random-source=<(yes) "$WORK/ids.txt" | sed -E "s|^(.*)$|$ROUTER/api/songs/\1/providers|" >"$WORK/providers-urls.txt"
echo "   $(wc -l <"$WORK/search-urls.txt") search URLs, e.g. $(sed -n '1p;2p;3p' "$WORK/search-urls.txt" | sed "s|$ROUTER||" | paste -sd' ')"
for f in search page providers; do
  curl -fsS -o /dev/null "$(head -1 "$WORK/$f-urls.txt")" || { echo "$f request failed" >&2; exit 1; }
done

javac -d "$WORK/classes" "$ROOT/bench/lib/RateClient.java"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # NAME URLS
  local load_before cpu_before
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  echo "== $1: $RATE req/s open loop for ${SECONDS_EACH}s after ${WARMUP}s of warm-up at that rate"
  java -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" RateClient "$2" "$RATE" "$SECONDS_EACH" "$WARMUP" \
    | tee "$WORK/$1.txt" | sed 's/^/   /' || true &
  local client=$!
  sleep "$WARMUP"
  cpu_before="$(cpu_ticks "$ROUTER_PID")"
  sleep "$SECONDS_EACH"
  echo "   router CPU while measured: $(awk -v a="$cpu_before" -v b="$(cpu_ticks "$ROUTER_PID")" -v hz="$(getconf CLK_TCK)" \
    -v n=$((RATE * SECONDS_EACH)) 'BEGIN {printf "%.2f ms per request (%.0f %% of one core)", (b - a) / hz * 1000 / n, (b - a) / hz * 100 / '"$SECONDS_EACH"'}')" \
    | tee "$WORK/$1-cpu.txt"
  wait "$client" || true
  cat "$WORK/$1-cpu.txt" >>"$WORK/$1.txt"
  echo "   load average (1 min) before/after: $load_before / $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$WORK/$1.txt"
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"
run search "$WORK/search-urls.txt"
run first-page "$WORK/page-urls.txt"
run providers "$WORK/providers-urls.txt"

# Heap in use = survivors + eden + old (jstat -gc S0U S1U EU OU, KB), 1 s samples over the whole run.
HEAP_MAX_MB="$(awk '/S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
  col["EU"] { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > m) m = u }
  END { printf "%.0f", m / 1024 }' "$WORK/jstat.txt")"
FULL_GCS="$(awk '/S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next } col["FGC"] { f = $col["FGC"] } END { print f + 0 }' "$WORK/jstat.txt")"
jcmd "$ROUTER_PID" GC.class_histogram 2>/dev/null | head -40 >"$WORK/histogram.txt" || true
LIVE_MB="$(jstat -gc "$ROUTER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { printf "%.0f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')"
RSS_MB="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$ROUTER_PID/status")"
OOM="$(grep -c OutOfMemoryError "$WORK/router.log" || true)"

echo
echo "Summary ($STARTED, $(nproc) cores, $(java -version 2>&1 | head -1), $SONGS songs, load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)):"
for f in search first-page providers; do
  echo "  $f at $RATE/s: $(grep -E '^latency' "$WORK/$f.txt" || echo 'no result'); $(grep -E '^requests' "$WORK/$f.txt" || true);$(grep -E 'router CPU' "$WORK/$f.txt" | sed 's/^ *router/ router/')"
done
echo "  router heap (-Xmx256m): in use max ${HEAP_MAX_MB} MB over the run, live after a full GC ${LIVE_MB} MB;" \
  "full GCs during the run ${FULL_GCS}; peak RSS ${RSS_MB} MB; OutOfMemoryError in the log: ${OOM}"
