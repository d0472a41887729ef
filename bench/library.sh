#!/usr/bin/env bash
# Library benchmark (issue 15), loopback only. Part 1, the router's library: a real name service and a
# real router node (java -Xmx256m -XX:+UseSerialGC -jar node/target/dispotify.jar node --role router)
# in front of stand-in data nodes (bench/lib/FakeCatalogNodes.java in library mode: 3 fake nodes, SONGS
# songs on ALBUMS albums, each song on 2 nodes, every album with one of 50 600 px JPEG covers). At a
# fixed RATE, open loop (bench/lib/RateClient.java):
#   1. albums page   GET /api/albums?sort=name|artist|year|newest&page=..&size=50   p99 target < 20 ms
#   2. artist page   GET /api/artists/{id}                                          p99 target < 20 ms
#   3. album page    GET /api/albums/{id} (its songs)                               (no target; shown)
#   4. cover         GET /api/albums/{id}/cover?size=300, every cover already cached p99 target < 5 ms
#   5. router heap over the run; target <= 256 MB
# Part 2, cover extraction at ingest: one data node (bench/lib/data-node.sh), MP3s of 4 minutes at
# 192 kbps uploaded one at a time, half of them with a 600 px JPEG front cover embedded (APIC), in
# alternation; compares the median upload time: target < 10 % more with the cover.
# Stops what it started, by PID.
#
#   bench/library.sh
#   SONGS=100000 ALBUMS=10000 RATE=500 SECONDS_EACH=30 WARMUP=15 INGEST_FILES=16 bench/library.sh
#   JAR=/tmp/clone/node/target/dispotify.jar bench/library.sh     # a jar built elsewhere (no build)
#   PARTS=ingest bench/library.sh                                  # one part only (library, ingest; default both)
#   PIN=1 bench/library.sh                                         # router alone on CPU 1, the rest on CPU 0
#   LOGS=/tmp/library-logs bench/library.sh                        # where every process's log is kept
#                                                                  # (default: a new folder under /tmp, printed)
#
# Needs: a JDK 17+ (java, jstat, jcmd), curl, ffmpeg.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SONGS="${SONGS:-100000}"
ALBUMS="${ALBUMS:-10000}"
INGEST_FILES="${INGEST_FILES:-16}"
RATE="${RATE:-500}"
SECONDS_EACH="${SECONDS_EACH:-30}"
WARMUP="${WARMUP:-15}"
PARTS="${PARTS:-library,ingest}"
BASE_PORT="${BASE_PORT:-18900}"
ROUTER_OPTS="${ROUTER_OPTS:-}"
# PIN=1: the router alone on CPU 1, everything else (name service, stand-ins, load client) on CPU 0, as if the
# clients were other machines: the latency is then the router's, not the scheduling of 4 JVMs on 2 cores.
PIN="${PIN:-0}"
ROUTER_CPU=(); OTHERS_CPU=()
if [ "$PIN" = 1 ]; then
  [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null || { echo "PIN=1 needs 2 CPUs and taskset" >&2; exit 2; }
  ROUTER_CPU=(taskset -c 1); OTHERS_CPU=(taskset -c 0)
fi
NS_PORT=$((BASE_PORT)); DNS_PORT=$((BASE_PORT + 1)); ROUTER_PORT=$((BASE_PORT + 2))
FAKE_PORTS=("$((BASE_PORT + 11))" "$((BASE_PORT + 12))" "$((BASE_PORT + 13))")

for tool in java jstat jcmd curl ffmpeg; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
if [[ -z "${JAR:-}" ]]; then
  echo "== building node/target/dispotify.jar"
  (cd "$ROOT" && ./mvnw -B -q -o -pl node -am package -DskipTests)
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
LOGS="${LOGS:-$(mktemp -d /tmp/library-bench-logs.XXXXXX)}"
PIDS=()
cleanup() {
  declare -F stop_data_node >/dev/null && stop_data_node
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  mkdir -p "$LOGS" && cp "$WORK"/*.log "$WORK"/*.txt "$LOGS"/ 2>/dev/null
  echo "logs and raw results kept in $LOGS" >&2
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

STARTED="$(date -u +%Y-%m-%dT%H:%MZ)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ",$PARTS," == *,library,* ]]; then
echo "== name service on 127.0.0.1:$NS_PORT"
"${OTHERS_CPU[@]}" java -Xmx256m -XX:+UseSerialGC -jar "$JAR" dns --port "$NS_PORT" --dns-port "$DNS_PORT" --dir "$WORK/dns" \
  >"$WORK/dns.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$NS_PORT/actuator/health" 120 "${PIDS[-1]}" "$WORK/dns.log"

echo "== $SONGS fake songs on $ALBUMS albums on 3 fake data nodes (${FAKE_PORTS[*]}), 2 copies each, 50 covers"
"${OTHERS_CPU[@]}" java -Xmx1g -XX:+UseSerialGC -Dalbums="$ALBUMS" -Dcovers=50 "$ROOT/bench/lib/FakeCatalogNodes.java" "$SONGS" "$NS_PORT" \
  "$WORK/queries.txt" "$WORK/ids.txt" "${FAKE_PORTS[@]}" >"$WORK/fake.log" 2>&1 &
PIDS+=($!)
FAKE_PID=${PIDS[-1]}
for port in "${FAKE_PORTS[@]}"; do
  wait_for "http://127.0.0.1:$port/actuator/health" 120 "$FAKE_PID" "$WORK/fake.log"
done
for _ in $(seq 1 40); do [[ "$(grep -c '^fake data node' "$WORK/fake.log")" -eq 3 ]] && break; sleep 0.5; done
sed 's/^/   /' "$WORK/fake.log"

echo "== router on 127.0.0.1:$ROUTER_PORT (-Xmx256m -XX:+UseSerialGC $ROUTER_OPTS${ROUTER_CPU[*]:+, ${ROUTER_CPU[*]}})"
# shellcheck disable=SC2086
"${ROUTER_CPU[@]}" java -Xmx256m -XX:+UseSerialGC $ROUTER_OPTS -jar "$JAR" node --role router --port "$ROUTER_PORT" \
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

# URL lists. Album and artist ids from the router's own lists.
for p in $(seq 0 $(( (ALBUMS + 499) / 500 - 1 ))); do
  curl -fsS --retry 10 --retry-delay 1 --retry-all-errors "$ROUTER/api/albums?size=500&page=$p" | { grep -oE '"id":"[0-9a-f]{32}"' || true; } | cut -d'"' -f4
done >"$WORK/album-ids.txt"
for p in $(seq 0 40); do
  curl -fsS --retry 10 --retry-delay 1 --retry-all-errors "$ROUTER/api/artists?size=500&page=$p" | { grep -oE '"id":"[0-9a-f]{32}"' || true; } | cut -d'"' -f4
done | sort -u >"$WORK/artist-ids.txt"
echo "   the router lists $(wc -l <"$WORK/album-ids.txt") albums and $(wc -l <"$WORK/artist-ids.txt") artists"
PAGES=$(( ALBUMS / 50 ))
awk -v r="$ROUTER" -v pages="$PAGES" 'BEGIN { srand(15); split("name artist year newest", s, " ");
  for (i = 0; i < 4000; i++) printf "%s/api/albums?sort=%s&page=%d&size=50\n", r, s[1 + i % 4], int(rand() * pages) }' \
  >"$WORK/albums-urls.txt"
shuf -n 2000 --random-source=<(yes) "$WORK/artist-ids.txt" | sed -E "s|^(.*)$|$ROUTER/api/artists/\1|" >"$WORK/artist-urls.txt"
shuf -n 2000 --random-source=<(yes) "$WORK/album-ids.txt" | sed -E "s|^(.*)$|$ROUTER/api/albums/\1|" >"$WORK/album-urls.txt"
shuf -n 2000 --random-source=<(yes) "$WORK/album-ids.txt" | sed -E "s|^(.*)$|$ROUTER/api/albums/\1/cover?size=300|" >"$WORK/cover-urls.txt"
# Every one of the 50 covers fetched and scaled once, so the measured requests are cache hits.
WARM_FAILED=0
while read -r url; do curl -fsS -o /dev/null --max-time 10 "$url" || WARM_FAILED=$((WARM_FAILED + 1)); done <"$WORK/cover-urls.txt"
echo "   covers warmed: $(wc -l <"$WORK/cover-urls.txt") requests, $WARM_FAILED failed"
for f in albums artist album cover; do
  curl -fsS -o /dev/null "$(head -1 "$WORK/$f-urls.txt")" || { echo "$f request failed" >&2; exit 1; }
done

javac -d "$WORK/classes" "$ROOT/bench/lib/RateClient.java"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # NAME URLS
  local load_before cpu_before
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  echo "== $1: $RATE req/s open loop for ${SECONDS_EACH}s after ${WARMUP}s of warm-up at that rate"
  "${OTHERS_CPU[@]}" java -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" RateClient "$2" "$RATE" "$SECONDS_EACH" "$WARMUP" \
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

run albums-page "$WORK/albums-urls.txt"
run artist-page "$WORK/artist-urls.txt"
run album-page "$WORK/album-urls.txt"
run cover-300 "$WORK/cover-urls.txt"

HEAP_MAX_MB="$(awk '/S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
  col["EU"] { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > m) m = u }
  END { printf "%.0f", m / 1024 }' "$WORK/jstat.txt")"
FULL_GCS="$(awk '/S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next } col["FGC"] { f = $col["FGC"] } END { print f + 0 }' "$WORK/jstat.txt")"
jcmd "$ROUTER_PID" GC.run >/dev/null 2>&1 || true
sleep 1
LIVE_MB="$(jstat -gc "$ROUTER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { printf "%.0f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')"
OOM="$(grep -c OutOfMemoryError "$WORK/router.log" || true)"
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
fi

if [[ ",$PARTS," == *,ingest,* ]]; then

echo "== cover extraction at ingest: $INGEST_FILES MP3s (4 min, 192 kbps), every other one with a 600 px JPEG embedded"
ffmpeg -loglevel error -f lavfi -i "sine=frequency=330:duration=240" -f lavfi -i "anoisesrc=d=240:a=0.05" \
  -filter_complex amix=inputs=2 -ac 2 -ar 44100 -b:a 192k "$WORK/base.mp3"
ffmpeg -loglevel error -f lavfi -i "mandelbrot=s=600x600" -frames:v 1 -q:v 3 "$WORK/cover.jpg"
mkdir -p "$WORK/ingest"
for i in $(seq 1 "$INGEST_FILES"); do
  if (( i % 2 )); then
    ffmpeg -loglevel error -i "$WORK/base.mp3" -i "$WORK/cover.jpg" -map 0:a -map 1:v -c copy -disposition:v attached_pic \
      -metadata:s:v "comment=Cover (front)" -metadata title="Ingest $i" -id3v2_version 3 "$WORK/ingest/song-$i-cover.mp3"
  else
    ffmpeg -loglevel error -i "$WORK/base.mp3" -c copy -metadata title="Ingest $i" -id3v2_version 3 "$WORK/ingest/song-$i-plain.mp3"
  fi
done
# shellcheck source=bench/lib/data-node.sh
source "$ROOT/bench/lib/data-node.sh"
DATA_PORT=$((BASE_PORT + 20))
# A name service of its own: a data node that reaches none answers uploads 503, and one that still lists part 1's
# stand-in data nodes (until their records expire) tries to copy each song to them first.
INGEST_NS_PORT=$((BASE_PORT + 30))
java -Xmx256m -XX:+UseSerialGC -jar "$JAR" dns --port "$INGEST_NS_PORT" --dns-port "$((INGEST_NS_PORT + 1))" \
  --dir "$WORK/ingest-dns" >"$WORK/ingest-dns.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$INGEST_NS_PORT/actuator/health" 120 "${PIDS[-1]}" "$WORK/ingest-dns.log"
export DISPOTIFY_NAME_SERVERS="127.0.0.1:$INGEST_NS_PORT"
start_data_node "$DATA_PORT" "$WORK/data" "$WORK/data.log"
# The samples prime the fresh node (JIT, SQLite); a 503 (busy, or still starting) is retried, as a client would.
for f in "$ROOT"/samples/*/*.{mp3,flac,ogg,opus,wav}; do
  [[ -f "$f" ]] && curl -fsS -o /dev/null --retry 10 --retry-delay 1 -F "file=@$f" "http://127.0.0.1:$DATA_PORT/data/songs"
done
# One at a time; an upload that needed a retry is timed without the failed try and marked.
for f in $(ls "$WORK"/ingest/*.mp3 | sort -V); do
  for attempt in 1 2 3 4 5; do
    code_time="$(curl -sS -o /dev/null -w "%{http_code} %{time_total}" -F "file=@$f" "http://127.0.0.1:$DATA_PORT/data/songs")"
    [[ "${code_time%% *}" == 2* ]] && break
    echo "   $(basename "$f"): answered ${code_time%% *}, trying again" >&2
    sleep 1
  done
  printf "%s %s%s\n" "$(basename "$f")" "${code_time#* }" "$( (( attempt > 1 )) && echo " (try $attempt)")"
done | tee "$WORK/ingest.txt" | sed 's/^/   /'
stop_data_node
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
WITH="$(grep -- '-cover' "$WORK/ingest.txt" | awk '{print $2}' | median)"
WITHOUT="$(grep -- '-plain' "$WORK/ingest.txt" | awk '{print $2}' | median)"
COVER_BYTES="$(stat -c %s "$WORK/cover.jpg")"
SONG_BYTES="$(stat -c %s "$WORK/ingest/song-2-plain.mp3")"
fi

echo
echo "Summary ($STARTED, $(nproc) cores, $(java -version 2>&1 | head -1), parts $PARTS, PIN=$PIN, load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)):"
if [[ ",$PARTS," == *,library,* ]]; then
echo "  $SONGS songs on $(wc -l <"$WORK/album-ids.txt") albums"
for f in albums-page artist-page album-page cover-300; do
  echo "  $f at $RATE/s: $(grep -E '^latency' "$WORK/$f.txt" || echo 'no result'); $(grep -E '^requests' "$WORK/$f.txt" || true);$(grep -E 'router CPU' "$WORK/$f.txt" | sed 's/^ *router/ router/')"
done
echo "  router heap (-Xmx256m): in use max ${HEAP_MAX_MB} MB over the run, live after a full GC ${LIVE_MB} MB;" \
  "full GCs during the run ${FULL_GCS}; OutOfMemoryError in the log: ${OOM}"
fi
if [[ ",$PARTS," == *,ingest,* ]]; then
echo "  ingest, median upload of a ${SONG_BYTES}-byte MP3: ${WITHOUT} s without a cover, ${WITH} s with a ${COVER_BYTES}-byte JPEG embedded:" \
  "$(awk -v a="$WITHOUT" -v b="$WITH" 'BEGIN { printf "%+.1f %%", (b / a - 1) * 100 }')"
fi
