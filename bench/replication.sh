#!/usr/bin/env bash
# Replication benchmark (issue 6), loopback only. Three pinned data nodes and a name service:
#   1. upload latency, replication factor 1 vs 2: the same SAMPLE songs uploaded one at a time to a
#      fresh cluster with each factor -> median and p95                         target: 2 copies <= 1.5x
#   2. SIZE_MB of songs on the 3 nodes (factor 2), one node killed with kill -9: time from the ring's
#      dead verdict (seen in a survivor's /ring/view) until both survivors hold every song
#                                                                               target: <= 20 s
#   3. meanwhile, one chunk at a time read from a survivor that is re-replicating -> max, p99
#                                                                               target: no chunk > 50 ms
# Stops what it started (by PID) and deletes its scratch directory.
#
#   bench/replication.sh                       # 1 GB of 8 MB WAVs (128 songs)
#   SIZE_MB=256 SONG_MB=4 SAMPLE=10 WARMUP=5 RATE=20MB bench/replication.sh
#   KEEP=1 bench/replication.sh                # keeps the scratch directory (node logs) for a look
#
# Needs: a JDK 17+, curl, python3. Builds node/target/dispotify.jar if it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$ROOT/node/target/dispotify.jar}"
SIZE_MB="${SIZE_MB:-1024}"
SONG_MB="${SONG_MB:-8}"
SAMPLE="${SAMPLE:-20}"
WARMUP="${WARMUP:-5}"
RATE="${RATE:-20MB}"
PARALLEL="${PARALLEL:-2}"
JVM="${JVM:--Xmx384m -XX:+UseSerialGC}"
DNS_HTTP="${DNS_HTTP:-18500}"
DNS_PORT="${DNS_PORT:-18600}"
PORTS=(18581 18582 18583)
IDS=(b1 b2 b3)

for tool in java curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -B -q -pl node -am package -Dmaven.test.skip=true)

WORK="$(mktemp -d)"
PIDS=()
PROBE_PID=""
stop_all() {
  [[ -n "$PROBE_PID" ]] && kill "$PROBE_PID" 2>/dev/null || true
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  PIDS=()
}
cleanup() { stop_all; if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }

wait_healthy() { # port, limit seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -sf "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    [[ $(date +%s) -lt $deadline ]] || { echo "port $1 not healthy in $2 s" >&2; exit 1; }
    sleep 0.3
  done
}

start_cluster() { # replication factor
  rm -rf "$WORK/state"; mkdir -p "$WORK/state" "$WORK/logs"
  java $JVM -jar "$JAR" dns --port "$DNS_HTTP" --dns-port "$DNS_PORT" --bind 127.0.0.1 --dir "$WORK/state/dns" \
    >"$WORK/logs/dns.log" 2>&1 &
  PIDS+=($!)
  wait_healthy "$DNS_HTTP" 120
  for i in 0 1 2; do
    java $JVM -Ddispotify.data.replication-factor="$1" -Ddispotify.data.replication.transfer-rate="$RATE" \
      -jar "$JAR" node --node-id "${IDS[$i]}" --port "${PORTS[$i]}" --host 127.0.0.1 --role data \
      --name-servers "127.0.0.1:$DNS_HTTP" --dir "$WORK/state/${IDS[$i]}" >"$WORK/logs/${IDS[$i]}.log" 2>&1 &
    PIDS+=($!)
  done
  for port in "${PORTS[@]}"; do wait_healthy "$port" 180; done
  local deadline=$(( $(date +%s) + 90 ))
  until [[ "$(curl -sf "http://127.0.0.1:${PORTS[0]}/ring/view" | python3 -c \
      'import json,sys; print(sum(m["status"]=="ALIVE" for m in json.load(sys.stdin)["members"]))' 2>/dev/null)" == 3 ]]; do
    [[ $(date +%s) -lt $deadline ]] || { echo "ring did not form" >&2; exit 1; }
    sleep 0.5
  done
}

upload() { # file port -> prints seconds
  local out
  out=$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -F "file=@$1;type=application/octet-stream" \
    --max-time 120 "http://127.0.0.1:$2/data/songs")
  [[ "$out" == 201* || "$out" == 200* ]] || { echo "upload of $1 to $2: $out $(cat "$WORK/answer.json")" >&2; exit 1; }
  echo "${out#* }"
}

stats() { # file of numbers (seconds) -> "median p95 max" in ms
  python3 - "$1" <<'PY'
import sys
v = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
q = lambda p: v[min(len(v) - 1, int(round(p * (len(v) - 1))))]
print(f"{q(0.5):.1f} {q(0.95):.1f} {v[-1]:.1f} {len(v)}")
PY
}

held_count() { # port -> number of ids held
  curl -sf --max-time 5 "http://127.0.0.1:$1/data/replication/ids?limit=5000" | python3 -c \
    'import json,sys; print(len(json.load(sys.stdin)["ids"]))' 2>/dev/null || echo 0
}

echo "== generating $SIZE_MB MB of WAVs ($SONG_MB MB each)"
COUNT=$(( SIZE_MB / SONG_MB ))
mkdir -p "$WORK/songs"
python3 - "$WORK/songs" "$COUNT" "$SONG_MB" <<'PY'
import os, struct, sys
out, count, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = mb * 1024 * 1024 - 44
data -= data % 4
for i in range(count):
    header = b"RIFF" + struct.pack("<I", 36 + data) + b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) \
        + b"data" + struct.pack("<I", data)
    with open(os.path.join(out, f"song-{i:04d}.wav"), "wb") as f:
        f.write(header + os.urandom(data))
PY
mkdir -p "$WORK/warmup"
python3 - "$WORK/warmup" "$WARMUP" <<'PY'
import os, struct, sys
for i in range(int(sys.argv[2])):
    data = 2 * 1024 * 1024
    with open(os.path.join(sys.argv[1], f"warm-{i}.wav"), "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + data) + b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16)
                + b"data" + struct.pack("<I", data) + os.urandom(data))
PY
warm_up() { # uploads the warm-up files (not measured) so both factors are timed on warm JVMs
  local i=0
  for f in "$WORK"/warmup/*.wav; do upload "$f" "${PORTS[$(( i % 3 ))]}" >/dev/null; i=$((i + 1)); done
}
ls "$WORK"/songs/*.wav >"$WORK/all.txt"
head -n "$SAMPLE" "$WORK/all.txt" >"$WORK/sample.txt"

echo "== 1. upload latency: $SAMPLE songs one at a time, replication factor 1"
start_cluster 1
warm_up
i=0; while read -r f; do upload "$f" "${PORTS[$(( i % 3 ))]}" >>"$WORK/lat-rf1.txt"; i=$((i + 1)); done <"$WORK/sample.txt"
stop_all
echo "== 1. upload latency: the same songs, replication factor 2"
start_cluster 2
warm_up
i=0; while read -r f; do upload "$f" "${PORTS[$(( i % 3 ))]}" >>"$WORK/lat-rf2.txt"; i=$((i + 1)); done <"$WORK/sample.txt"
read -r RF1_MED RF1_P95 _ _ <<<"$(stats "$WORK/lat-rf1.txt")"
read -r RF2_MED RF2_P95 _ _ <<<"$(stats "$WORK/lat-rf2.txt")"
echo "   factor 1: median $RF1_MED ms, p95 $RF1_P95 ms; factor 2: median $RF2_MED ms, p95 $RF2_P95 ms"

echo "== 2. loading the rest ($COUNT songs in all), $PARALLEL at a time"
LOAD_START=$(now_ms)
tail -n +"$(( SAMPLE + 1 ))" "$WORK/all.txt" | awk '{print NR % 3, $0}' | \
  xargs -P "$PARALLEL" -L 1 sh -c 'curl -sf -o /dev/null --max-time 300 -F "file=@$1;type=application/octet-stream" "http://127.0.0.1:$(( 18581 + $0 ))/data/songs" || echo "upload of $1 failed" >&2'
LOAD_MS=$(( $(now_ms) - LOAD_START ))
TOTAL=$(( COUNT + WARMUP ))
# Receivers that are not owners keep their copy until the owners confirm theirs: wait for the trims, so
# that the chunk reader below asks only for songs its node keeps.
deadline=$(( $(date +%s) + 120 ))
until [[ $(( $(held_count "${PORTS[0]}") + $(held_count "${PORTS[1]}") + $(held_count "${PORTS[2]}") )) == $(( 2 * TOTAL )) ]]; do
  [[ $(date +%s) -lt $deadline ]] || { echo "surplus copies not trimmed in 120 s" >&2; exit 1; }
  sleep 0.5
done
for port in "${PORTS[@]}"; do echo "   $port holds $(held_count "$port") songs"; done

# Survivors b1, b2; chunk reads go to b1 for songs it holds.
curl -sf "http://127.0.0.1:${PORTS[0]}/data/replication/ids?limit=5000" | python3 -c \
  'import json,sys; print("\n".join(json.load(sys.stdin)["ids"]))' >"$WORK/b1-ids.txt"
(
  # Bounded: stops after 20,000 reads or when killed.
  for _ in $(seq 1 20000); do
    # Chunks 0 and 1: every song has them (the 2 MB warm-up songs have only two).
    id=$(shuf -n 1 "$WORK/b1-ids.txt"); k=$(( RANDOM % 2 ))
    t=$(curl -s -o /dev/null -w '%{time_total} %{http_code}' --max-time 5 "http://127.0.0.1:${PORTS[0]}/data/songs/$id/chunks/$k")
    echo "$(date +%s%3N) $t"
  done
) >"$WORK/chunks.txt" &
PROBE_PID=$!
sleep 2

moved_mb() {
  curl -sf "http://127.0.0.1:${PORTS[0]}/actuator/prometheus" "http://127.0.0.1:${PORTS[1]}/actuator/prometheus" | \
    awk '/^dispotify_replication_bytes_moved_bytes_total/ {s += $2} END {printf "%.0f", s / 1048576}'
}
MOVED_BEFORE=$(moved_mb)
echo "== 3. kill -9 of b3"
KILL_AT=$(now_ms)
kill -9 "${PIDS[3]}"
DEAD_AT=""
deadline=$(( $(date +%s) + 60 ))
while [[ -z "$DEAD_AT" ]]; do
  status=$(curl -sf --max-time 2 "http://127.0.0.1:${PORTS[0]}/ring/view" | python3 -c \
    'import json,sys; m=[x["status"] for x in json.load(sys.stdin)["members"] if x["nodeId"]=="b3"]; print(m[0] if m else "GONE")' 2>/dev/null || true)
  [[ "$status" == "DEAD" || "$status" == "GONE" ]] && DEAD_AT=$(now_ms)
  [[ $(date +%s) -lt $deadline ]] || { echo "no dead verdict in 60 s" >&2; exit 1; }
  sleep 0.05
done
RESTORED_AT=""
deadline=$(( $(date +%s) + 600 ))
while [[ -z "$RESTORED_AT" ]]; do
  # Two survivors of three: each must hold every song (the warm-up songs included).
  [[ "$(held_count "${PORTS[0]}")" == "$TOTAL" && "$(held_count "${PORTS[1]}")" == "$TOTAL" ]] && RESTORED_AT=$(now_ms)
  [[ $(date +%s) -lt $deadline ]] || { echo "not restored in 600 s" >&2; exit 1; }
  sleep 0.25
done
sleep 1
kill "$PROBE_PID" 2>/dev/null || true; PROBE_PID=""
MOVED=$(( $(moved_mb) - MOVED_BEFORE ))
python3 - "$WORK/chunks.txt" "$DEAD_AT" "$RESTORED_AT" >"$WORK/chunk-stats.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 3]
lo, hi = int(sys.argv[2]), int(sys.argv[3])
w = sorted(float(t) * 1000 for ts, t, code in rows if lo <= int(ts) <= hi and code == "200")
bad = sum(1 for ts, t, code in rows if lo <= int(ts) <= hi and code != "200")
if not w:
    print("0 0 0 0 %d" % bad)
else:
    print(f"{len(w)} {w[len(w)//2]:.1f} {w[min(len(w)-1, int(0.99*(len(w)-1)))]:.1f} {w[-1]:.1f} {bad}")
PY
read -r CHUNKS CHUNK_MED CHUNK_P99 CHUNK_MAX CHUNK_BAD <"$WORK/chunk-stats.txt"

RESTORE_MS=$(( RESTORED_AT - DEAD_AT ))
DETECT_MS=$(( DEAD_AT - KILL_AT ))
cat <<OUT

== results ($(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)
songs:                 $COUNT x $SONG_MB MB = $(( COUNT * SONG_MB )) MB on 3 data nodes (factor 2), loaded in $LOAD_MS ms
upload latency:        factor 1 median $RF1_MED ms (p95 $RF1_P95); factor 2 median $RF2_MED ms (p95 $RF2_P95); $SAMPLE uploads each
dead verdict:          $DETECT_MS ms after kill -9
restored (2 copies):   $RESTORE_MS ms after the dead verdict ($MOVED MB copied by the survivors, rate limit $RATE/s per node)
chunk reads meanwhile: $CHUNKS reads of ~1.7 MB chunks from a survivor: median $CHUNK_MED ms, p99 $CHUNK_P99 ms, max $CHUNK_MAX ms, $CHUNK_BAD not 200
OUT
