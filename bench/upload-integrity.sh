#!/usr/bin/env bash
# Issue 14's integrity checks under CPU contention, many times over: distinct uploads through a router
# while one data node answers busy before reading (the pattern that damaged uploads), and long WAVs
# straight to a data node, more at once than it ingests. Every acknowledged upload must be the file
# that was sent. BUSY busy loops compete for the 2 cores the whole time (bounded by BUSY_SECONDS);
# the figures go to bench/results/upload-integrity.md.
#
#   bench/upload-integrity.sh                     # 300 router uploads, 200 data-node uploads, 4 busy loops
#   ROUTER_UPLOADS=600 DATA_UPLOADS=400 BUSY=6 bench/upload-integrity.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUTER_UPLOADS="${ROUTER_UPLOADS:-300}"
DATA_UPLOADS="${DATA_UPLOADS:-200}"
BUSY="${BUSY:-4}"
BUSY_SECONDS="${BUSY_SECONDS:-3600}"
OUT="$ROOT/bench/results/upload-integrity.md"

BUSY_PIDS=()
stop_busy() {
  for pid in "${BUSY_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_busy EXIT
for _ in $(seq 1 "$BUSY"); do
  timeout "$BUSY_SECONDS" sh -c 'while :; do :; done' &
  BUSY_PIDS+=("$!")
done

cd "$ROOT"
started=$(date +%s)
run() { # module test uploads
  ./mvnw -B -q test -pl "$1" -am -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false \
      -Ddispotify.stress=true -Ddispotify.stress.uploads="$3" >/dev/null 2>&1 || true
  grep -h "integrity:" "$1"/target/surefire-reports/*"$2"*-output.txt 2>/dev/null | tail -1
}
router_line=$(run router-service UploadIntegrityStressTest "$ROUTER_UPLOADS")
data_line=$(run data-service DataUploadStressTest "$DATA_UPLOADS")
elapsed=$(( $(date +%s) - started ))
load=$(cut -d' ' -f1-3 /proc/loadavg)
stop_busy

{
  echo "# Upload integrity under CPU contention"
  echo
  echo "\`bench/upload-integrity.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $BUSY busy loops on 2 cores, load average at the end $load, ${elapsed} s."
  echo
  echo "- router (one data node answering 503 before reading the body, 6 senders, 1-4 MB each): ${router_line:-no result (see router-service/target/surefire-reports)}"
  echo "- data node (WAVs of 20-80 s, 3.5-14 MB, 6 senders against a limit of 4 ingests, busy answers retried): ${data_line:-no result (see data-service/target/surefire-reports)}"
} > "$OUT"
cat "$OUT"
