#!/usr/bin/env bash
# The router's audio relay against streaming straight from the data node: a ~100 MB WAV fetched
# whole with curl on loopback, one at a time (RUNS times each way, alternating) and then PARALLEL at
# once each way. Reports MB/s per way, the ratio relay/direct, and the router's heap and RSS while it
# relays. A name service, one data node and one router (--relay-audio), all from the node jar on
# 127.0.0.1; stops what it started.
#
#   bench/relay.sh                        # builds node/target/dispotify.jar if it is missing
#   RUNS=8 PARALLEL=8 bench/relay.sh
#
# Needs: a JDK 17+, ffmpeg, curl.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$ROOT/node/target/dispotify.jar}"
JVM_OPTS="${JVM_OPTS:--Xmx256m -XX:+UseSerialGC}"
DNS_PORT="${DNS_PORT:-18500}"
DNS_UDP_PORT="${DNS_UDP_PORT:-18600}"
DATA_PORT="${DATA_PORT:-18281}"
ROUTER_PORT="${ROUTER_PORT:-18282}"
RUNS="${RUNS:-5}"
PARALLEL="${PARALLEL:-4}"
SECONDS_OF_AUDIO="${SECONDS_OF_AUDIO:-595}"   # 44.1 kHz 16-bit stereo: 176,400 B/s, ~100 MB

for tool in ffmpeg curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -B -q -pl node -am package -DskipTests)

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
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

start() { # NAME PORT ARGS...
  local name="$1" port="$2"; shift 2
  # shellcheck disable=SC2086
  java $JVM_OPTS -jar "$JAR" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && { echo "$name up (pid $!)"; return 0; }
    kill -0 "$!" 2>/dev/null || { echo "$name exited:" >&2; tail -30 "$WORK/$name.log" >&2; return 1; }
    sleep 0.5
  done
  echo "$name not healthy after 120 s" >&2; tail -30 "$WORK/$name.log" >&2; return 1
}

start dns "$DNS_PORT" dns --port "$DNS_PORT" --dns-port "$DNS_UDP_PORT" --bind 127.0.0.1 --dir "$WORK/dns"
start data "$DATA_PORT" node --role data --node-id bench-data --host 127.0.0.1 --port "$DATA_PORT" \
  --name-servers "127.0.0.1:$DNS_PORT" --dir "$WORK/data"
start router "$ROUTER_PORT" node --role router --node-id bench-router --host 127.0.0.1 --port "$ROUTER_PORT" \
  --name-servers "127.0.0.1:$DNS_PORT" --dir "$WORK/router" --relay-audio
ROUTER_PID="${PIDS[-1]}"

ffmpeg -loglevel error -f lavfi -i "anoisesrc=d=$SECONDS_OF_AUDIO:a=0.3" -ac 2 -ar 44100 -c:a pcm_s16le \
  -metadata title="Bench Hundred" "$WORK/song.wav"
SIZE="$(stat -c %s "$WORK/song.wav")"
ID="$(curl -fsS -F "file=@$WORK/song.wav" "http://127.0.0.1:$DATA_PORT/data/songs" | sed -E 's/.*"id":"([0-9a-f]{64})".*/\1/')"
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$ROUTER_PORT/api/songs/$ID/providers" | grep -q '"url"' && break
  sleep 0.2
done
PROVIDERS="$(curl -fsS "http://127.0.0.1:$ROUTER_PORT/api/songs/$ID/providers")"
RELAY_URL="$(sed -E 's/.*"url":"([^"]+)".*/\1/' <<<"$PROVIDERS")"
DIRECT_URL="http://127.0.0.1:$DATA_PORT/data/songs/$ID/audio"
echo "song: $SIZE bytes; direct $DIRECT_URL"
echo "                    relay  $RELAY_URL"

# Same bytes both ways, and a range through the relay, before anything is measured.
cmp <(curl -fsS "$RELAY_URL") "$WORK/song.wav"
cmp <(curl -fsS -H 'Range: bytes=1000000-1999999' "$RELAY_URL") <(head -c 2000000 "$WORK/song.wav" | tail -c 1000000)

heap_mb() { # the router's heap in use now, from its Prometheus scrape
  curl -fsS "http://127.0.0.1:$ROUTER_PORT/actuator/prometheus" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f", s / 1048576 }'
}
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$ROUTER_PID/status"; }
one() { curl -fsS -o /dev/null -w '%{speed_download}\n' "$1"; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
one "$DIRECT_URL" >/dev/null; one "$RELAY_URL" >/dev/null   # warm-up
echo "router before: heap $(heap_mb) MB, RSS $(rss_mb) MB"
: >"$WORK/direct.txt"; : >"$WORK/relay.txt"
MAX_HEAP=0; MAX_RSS=0
for i in $(seq 1 "$RUNS"); do
  one "$DIRECT_URL" >>"$WORK/direct.txt"
  one "$RELAY_URL" >>"$WORK/relay.txt" &
  CURL=$!
  while kill -0 "$CURL" 2>/dev/null; do
    h="$(heap_mb)"; r="$(rss_mb)"
    (( h > MAX_HEAP )) && MAX_HEAP=$h; (( r > MAX_RSS )) && MAX_RSS=$r
    sleep 0.1
  done
  wait "$CURL"
done
parallel() { # URL -> aggregate MB/s of PARALLEL simultaneous downloads
  local start end
  start="$(date +%s.%N)"
  for _ in $(seq 1 "$PARALLEL"); do curl -fsS -o /dev/null "$1" & done
  wait
  end="$(date +%s.%N)"
  awk -v n="$PARALLEL" -v s="$SIZE" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n * s / (b - a) / 1048576 }'
}
P_DIRECT="$(parallel "$DIRECT_URL")"
P_RELAY="$(parallel "$RELAY_URL")"
echo "router after: heap $(heap_mb) MB, RSS $(rss_mb) MB; while relaying: heap max $MAX_HEAP MB, RSS max $MAX_RSS MB"

stats() { sort -n "$1" | awk '{ v[NR] = $1 / 1048576 } END { printf "median %.0f MB/s (min %.0f, max %.0f, %d runs)", v[int((NR + 1) / 2)], v[1], v[NR], NR }'; }
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), JVM_OPTS=$JVM_OPTS):"
echo "  one download of $SIZE bytes: direct $(stats "$WORK/direct.txt"); relay $(stats "$WORK/relay.txt")"
echo "  relay / direct (medians): $(awk -v a="$(median "$WORK/relay.txt")" -v b="$(median "$WORK/direct.txt")" 'BEGIN { printf "%.2f", a / b }')"
echo "  $PARALLEL at once, aggregate: direct $P_DIRECT MB/s, relay $P_RELAY MB/s"
echo "  load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
