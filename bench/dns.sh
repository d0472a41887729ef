#!/usr/bin/env bash
# Benchmark of the name service on loopback: HTTP resolves with wrk, DNS A queries over UDP
# with dnsperf. Starts its own name service (JVM as in production: -Xmx256m -XX:+UseSerialGC),
# registers a few records, measures, stops what it started.
#
#   bench/dns.sh                              # builds dns-service, runs it from its classes
#   DURATION=20 bench/dns.sh                  # seconds per measurement (default 15)
#   JAR=node/target/dispotify.jar bench/dns.sh  # runs `java -jar JAR dns --port .. --dns-port .. --dir ..`
#
# Needs: a JDK 17+, wrk, dnsperf, curl (Debian: apt-get install -y wrk dnsperf curl).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HTTP_PORT="${HTTP_PORT:-18500}"
DNS_PORT="${DNS_PORT:-18600}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-15}"
WRK_THREADS="${WRK_THREADS:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-16}"
JVM_OPTS="${JVM_OPTS:--Xmx256m -XX:+UseSerialGC}"
JAR="${JAR:-}"

for tool in wrk dnsperf curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install -y wrk dnsperf curl)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
SERVICE_PID=""
cleanup() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"
    for _ in $(seq 1 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -9 "$SERVICE_PID"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# shellcheck disable=SC2086
if [[ -n "$JAR" ]]; then
  [[ -f "$JAR" ]] || { echo "no such jar: $JAR" >&2; exit 1; }
  echo "Starting the name service from $JAR"
  java $JVM_OPTS -jar "$JAR" dns --port "$HTTP_PORT" --dns-port "$DNS_PORT" --dir "$WORK/state" \
    >"$WORK/service.log" 2>&1 &
else
  echo "Building dns-service and running it from its classes"
  (cd "$ROOT" && ./mvnw -B -q -pl dns-service -am compile dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp.txt")
  java $JVM_OPTS -cp "$ROOT/dns-service/target/classes:$(cat "$WORK/cp.txt")" \
    org.dispotify.dns.NameServiceApplication --server.port="$HTTP_PORT" \
    --dispotify.dns.port="$DNS_PORT" --dispotify.dns.bind-address=127.0.0.1 --dispotify.dir="$WORK/state" \
    >"$WORK/service.log" 2>&1 &
fi
SERVICE_PID=$!

BASE="http://127.0.0.1:$HTTP_PORT"
for i in $(seq 1 120); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { echo "name service exited:" >&2; tail -30 "$WORK/service.log" >&2; exit 1; }
  [[ $i -eq 120 ]] && { echo "name service not healthy after 60 s" >&2; tail -30 "$WORK/service.log" >&2; exit 1; }
  sleep 0.5
done

# 5 data nodes and 3 routers, with a TTL longer than the run so no expiry check interferes.
register() {
  curl -fs -o /dev/null -X PUT "$BASE/api/records" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"nodeId\":\"$2\",\"host\":\"127.0.0.$3\",\"port\":$4,\"ttlSeconds\":3600}"
}
for i in 1 2 3 4 5; do register data.dispotify "data-$i" "$i" "808$i"; done
for i in 1 2 3; do register router.dispotify "router-$i" "1$i" "909$i"; done
curl -fs "$BASE/api/resolve/data.dispotify" >/dev/null

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== HTTP: GET /api/resolve/data.dispotify (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS, warm-up ${WARMUP}s, run ${DURATION}s)"
wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WARMUP}s" "$BASE/api/resolve/data.dispotify" >/dev/null
wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${DURATION}s" --latency "$BASE/api/resolve/data.dispotify" \
  | tee "$WORK/wrk.txt"

echo "== DNS: A queries over UDP (dnsperf, warm-up ${WARMUP}s, run ${DURATION}s)"
{
  for _ in $(seq 1 20); do
    echo "data.dispotify A"
    echo "router.dispotify A"
    echo "data-3.node.dispotify A"
  done
} >"$WORK/queries.txt"
dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$WORK/queries.txt" -l "$WARMUP" -q 200 >/dev/null
dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$WORK/queries.txt" -l "$DURATION" -q 200 | tee "$WORK/dnsperf.txt"

HTTP_RPS="$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
HTTP_P99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")"
DNS_QPS="$(awk '/Queries per second/ {print $4}' "$WORK/dnsperf.txt")"
DNS_LOST="$(awk '/Queries lost/ {print $3, $4}' "$WORK/dnsperf.txt")"
echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)):"
echo "  HTTP resolve: $HTTP_RPS requests/s, p99 $HTTP_P99"
echo "  DNS over UDP: $DNS_QPS queries/s, lost $DNS_LOST"
echo "  load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
