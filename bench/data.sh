#!/usr/bin/env bash
# Data-role benchmarks on one node (JVM with -Xmx256m unless JVM_OPTS says otherwise), loopback only:
#   1. ingest: MP3 uploads (distinct files, 4 at a time) -> MB/s            target >= 100 MB/s
#   2. one chunk by time (GET /chunk?atMs=) at a fixed 500 req/s -> p99     target < 5 ms
#   3. 2,000 listeners each reading at 192 kbit/s for 60 s -> errors, heap  target: none, <= 256 MB
# Stops what it started.
#
#   bench/data.sh                                   # builds data-service, runs the data role alone
#   JAR=node/target/dispotify.jar bench/data.sh     # runs the node jar with --role data
#   NODE_CMD='java -Xmx256m -jar node/target/dispotify.jar node --role data --port {port} --dir {dir}' bench/data.sh
#   INGEST_FILES=10 RATE=500 RATE_SECONDS=20 LISTENERS=2000 LISTEN_SECONDS=60 bench/data.sh
#
# Needs: a JDK 17+ (with jstat), ffmpeg, curl (Debian: apt-get install -y ffmpeg curl).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${PORT:-18281}"
INGEST_FILES="${INGEST_FILES:-10}"
INGEST_PARALLEL="${INGEST_PARALLEL:-4}"
RATE="${RATE:-500}"
RATE_SECONDS="${RATE_SECONDS:-20}"
LISTENERS="${LISTENERS:-2000}"
LISTEN_KBIT="${LISTEN_KBIT:-192}"
LISTEN_SECONDS="${LISTEN_SECONDS:-60}"

for tool in ffmpeg curl java jstat; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install -y ffmpeg curl)" >&2; exit 1; }
done
# 2,000 sockets on each side, plus the JVMs' own files.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[[ "$(ulimit -n)" -ge $((LISTENERS + 500)) ]] || { echo "raise the open-files limit (ulimit -n) to $((LISTENERS + 500))" >&2; exit 1; }

WORK="$(mktemp -d)"
JSTAT_PID=""
# shellcheck source=bench/lib/data-node.sh
source "$ROOT/bench/lib/data-node.sh"
cleanup() {
  [[ -n "$JSTAT_PID" ]] && kill "$JSTAT_PID" 2>/dev/null || true
  stop_data_node
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "== preparing MP3s"
# One 10-minute 128 kbps CBR MP3, tripled by stream copy into 30 minutes (~29 MB); distinct files
# differ in their tags (so in their bytes and song id), which is what an upload sees.
ffmpeg -loglevel error -f lavfi -i "sine=frequency=440:duration=600" -f lavfi -i "anoisesrc=d=600:a=0.05" \
  -filter_complex amix=inputs=2 -ac 2 -ar 44100 -b:a 128k "$WORK/base.mp3"
printf "file '%s'\nfile '%s'\nfile '%s'\n" "$WORK/base.mp3" "$WORK/base.mp3" "$WORK/base.mp3" >"$WORK/concat.txt"
ffmpeg -loglevel error -f concat -safe 0 -i "$WORK/concat.txt" -c copy "$WORK/long.mp3"
mkdir -p "$WORK/ingest"
for i in $(seq 1 "$INGEST_FILES"); do
  ffmpeg -loglevel error -i "$WORK/long.mp3" -c copy -metadata title="Ingest $i" -metadata artist="Bench" \
    "$WORK/ingest/song-$i.mp3"
done
INGEST_BYTES="$(du -cb "$WORK"/ingest/*.mp3 | tail -1 | cut -f1)"

start_data_node "$PORT" "$WORK/state" "$WORK/node.log"
BASE="http://127.0.0.1:$PORT"
jstat -gc "$NODE_PID" 1000 >"$WORK/jstat.txt" 2>/dev/null &
JSTAT_PID=$!
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 1. ingest: $INGEST_FILES MP3s, $((INGEST_BYTES / 1000000)) MB, $INGEST_PARALLEL uploads at a time"
# Warm the JIT with the demo library first (not timed).
for f in "$ROOT"/samples/*.{mp3,flac,ogg,opus,wav}; do [[ -f "$f" ]] && curl -fsS -o /dev/null -F "file=@$f" "$BASE/data/songs"; done
T0="$(date +%s.%N)"
ls "$WORK"/ingest/*.mp3 | xargs -P "$INGEST_PARALLEL" -I{} \
  curl -fsS -o /dev/null -w "%{http_code}\n" -F "file=@{}" "$BASE/data/songs" >"$WORK/ingest.txt"
T1="$(date +%s.%N)"
CREATED="$(grep -c '^201$' "$WORK/ingest.txt" || true)"
INGEST_MBS="$(awk -v b="$INGEST_BYTES" -v t0="$T0" -v t1="$T1" 'BEGIN{printf "%.1f", b / 1e6 / (t1 - t0)}')"
echo "   $CREATED of $INGEST_FILES stored (201) in $(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.2f", b - a}') s: $INGEST_MBS MB/s"

echo "== 2. one chunk by time at $RATE req/s for ${RATE_SECONDS}s (after 10 s of warm-up at that rate)"
# Random times in every stored song, from the node's own catalog.
curl -fsS "$BASE/data/songs?size=500" | tr '{' '\n' | sed -nE 's/.*"id":"([0-9a-f]{64})".*"durationMs":([0-9]+).*/\1 \2/p' >"$WORK/songs.txt"
awk -v base="$BASE" 'BEGIN{srand(7)} {for (i = 0; i < 50; i++) printf "%s/data/songs/%s/chunk?atMs=%d\n", base, $1, int(rand() * $2)}' \
  "$WORK/songs.txt" >"$WORK/atms-urls.txt"
java "$ROOT/bench/lib/RateClient.java" "$WORK/atms-urls.txt" "$RATE" "$RATE_SECONDS" 10 | tee "$WORK/rate.txt" | sed 's/^/   /'

echo "== 3. $LISTENERS listeners at $LISTEN_KBIT kbit/s for ${LISTEN_SECONDS}s (long songs, so none ends early)"
grep -E "^[0-9a-f]{64} ([0-9]{7,})$" "$WORK/songs.txt" | awk '$2 >= 1000000 {printf "/data/songs/%s/audio\n", $1}' >"$WORK/paths.txt"
HEAP_LINE_BEFORE="$(wc -l <"$WORK/jstat.txt")"
java -Xmx512m "$ROOT/bench/lib/SlowListeners.java" "$PORT" "$WORK/paths.txt" "$LISTENERS" "$LISTEN_KBIT" "$LISTEN_SECONDS" \
  | tee "$WORK/listeners.txt" | sed 's/^/   /' || true
HEALTH="$(curl -fsS "$BASE/actuator/health" || echo DOWN)"
# Heap in use = survivor + eden + old (jstat -gc columns S0U S1U EU OU, KB), sampled every second.
HEAP_MAX_MB="$(awk -v skip="$HEAP_LINE_BEFORE" '
  /S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
  NR > skip && col["EU"] { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > m) m = u }
  END { printf "%.0f", m / 1024 }' "$WORK/jstat.txt")"
HEAP_CAP_MB="$(awk '/S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next } col["EC"] { c = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"] } END { printf "%.0f", c / 1024 }' "$WORK/jstat.txt")"
RSS_MB="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$NODE_PID/status" 2>/dev/null || echo "?")"
echo "   node during the listeners: heap in use max ${HEAP_MAX_MB} MB (heap committed ${HEAP_CAP_MB} MB), peak RSS ${RSS_MB} MB, health after: $HEALTH"

echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), JVM_OPTS=$JVM_OPTS):"
echo "  ingest: $INGEST_MBS MB/s of MP3 ($CREATED/$INGEST_FILES stored)"
echo "  chunk by atMs at $RATE/s: $(grep -E '^latency' "$WORK/rate.txt" || echo 'no result'); $(grep -E '^requests' "$WORK/rate.txt")"
echo "  listeners: $(grep -E '^after' "$WORK/listeners.txt" || echo 'no result'); heap max ${HEAP_MAX_MB} MB"
echo "  load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
