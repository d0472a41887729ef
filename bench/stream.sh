#!/usr/bin/env bash
# Streaming throughput of one data node against nginx serving the same bytes from a file, in one
# run: a 5 MB MP3 fetched whole, then by random 256 KB ranges, with wrk at 64 connections. Reports
# both and the ratio data/nginx (target: >= 0.8). Loopback only; stops what it started.
#
#   bench/stream.sh                                   # builds data-service, runs the data role alone
#   DURATION=30 bench/stream.sh                       # seconds per measurement (default 15)
#   JAR=node/target/dispotify.jar bench/stream.sh     # runs the node jar with --role data
#   NODE_CMD='java -Xmx256m -jar node/target/dispotify.jar node --role data --port {port} --dir {dir}' bench/stream.sh
#
# Needs: a JDK 17+, wrk, nginx, ffmpeg, curl (Debian: apt-get install -y wrk nginx ffmpeg curl).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA_PORT="${DATA_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-10}"
WRK_THREADS="${WRK_THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"

for tool in wrk nginx ffmpeg curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install -y wrk nginx ffmpeg curl)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
NGINX_PID=""
# shellcheck source=bench/lib/data-node.sh
source "$ROOT/bench/lib/data-node.sh"
cleanup() {
  stop_data_node
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill "$NGINX_PID"
    for _ in $(seq 1 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A 5 MB song: 328 s of 128 kbps CBR MP3 with tags.
mkdir -p "$WORK/www"
ffmpeg -loglevel error -f lavfi -i "sine=frequency=330:duration=328" -f lavfi -i "anoisesrc=d=328:a=0.05" \
  -filter_complex amix=inputs=2 -ac 2 -ar 44100 -b:a 128k -metadata title="Bench Five" \
  -metadata artist="Dispotify Bench" "$WORK/www/song.mp3"
SIZE="$(stat -c %s "$WORK/www/song.mp3")"
# nginx workers run as an unprivileged user: let them read the file.
chmod 755 "$WORK" "$WORK/www"
chmod 644 "$WORK/www/song.mp3"

cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { audio/mpeg mp3; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
  }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

start_data_node "$DATA_PORT" "$WORK/state" "$WORK/node.log"
ID="$(upload_song "$DATA_PORT" "$WORK/www/song.mp3")"
DATA_URL="http://127.0.0.1:$DATA_PORT/data/songs/$ID/audio"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/song.mp3"

# Both must serve the same bytes, whole and by range, before anything is measured.
cmp <(curl -fsS "$DATA_URL") "$WORK/www/song.mp3"
cmp <(curl -fsS "$NGINX_URL") "$WORK/www/song.mp3"
cmp <(curl -fsS -H 'Range: bytes=262144-524287' "$DATA_URL") <(curl -fsS -H 'Range: bytes=262144-524287' "$NGINX_URL")

measure() { # NAME URL [ranges]
  local name="$1" url="$2"
  if [[ "${3:-}" == ranges ]]; then
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/lib/ranges.lua" "$url" -- "$SIZE" \
      >"$WORK/$name.txt"
  else
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$WORK/$name.txt"
  fi
  echo "-- $name"; grep -E "Requests/sec|Transfer/sec|Latency |99%|Non-2xx|Socket errors" "$WORK/$name.txt" | sed 's/^/   /'
}
bytes_per_sec() { # wrk's Transfer/sec in MB/s
  awk '/Transfer\/sec/ { v=$2; u=substr(v, length(v)-1); n=v+0;
    if (u=="GB") n*=1024; else if (u=="KB") n/=1024; else if (u!="MB") n/=1048576; printf "%.1f", n }' "$WORK/$1.txt"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warm-up (${WARMUP}s each)"
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$DATA_URL" >/dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/bench/lib/ranges.lua" "$DATA_URL" -- "$SIZE" >/dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$NGINX_URL" >/dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/bench/lib/ranges.lua" "$NGINX_URL" -- "$SIZE" >/dev/null

echo "== whole file ($SIZE bytes), wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s"
measure data-whole "$DATA_URL"
measure nginx-whole "$NGINX_URL"
echo "== 256 KB ranges"
measure data-ranges "$DATA_URL" ranges
measure nginx-ranges "$NGINX_URL" ranges

DW="$(bytes_per_sec data-whole)"; NW="$(bytes_per_sec nginx-whole)"
DR="$(bytes_per_sec data-ranges)"; NR="$(bytes_per_sec nginx-ranges)"
echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), JVM_OPTS=$JVM_OPTS):"
echo "  whole file:   data $DW MB/s, nginx $NW MB/s, ratio $(awk -v a="$DW" -v b="$NW" 'BEGIN{printf "%.2f", a/b}')"
echo "  256 KB range: data $DR MB/s, nginx $NR MB/s, ratio $(awk -v a="$DR" -v b="$NR" 'BEGIN{printf "%.2f", a/b}')"
echo "  load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
