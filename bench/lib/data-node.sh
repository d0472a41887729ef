#!/usr/bin/env bash
# Sourced by the data-role benchmarks (bench/stream.sh, bench/data.sh): starts one data node on
# 127.0.0.1 and stops it on exit. Callers set WORK (a scratch dir) and ROOT (the repository).
#
# How the node starts:
#   NODE_CMD='java -Xmx256m -jar node/target/dispotify.jar node --role data --port {port} --dir {dir}'
#       any command; {port} and {dir} are replaced (run from ROOT). Use it for the real node jar.
#   JAR=node/target/dispotify.jar
#       shorthand for the command above with $JVM_OPTS.
#   neither: builds data-service and runs its standalone test application
#       (org.dispotify.datatest.DataTestApplication: the data role alone, as the node imports it)
#       from target/classes + target/test-classes with $JVM_OPTS.

JVM_OPTS="${JVM_OPTS:--Xmx256m -XX:+UseSerialGC}"
NODE_PID=""

stop_data_node() {
  if [[ -n "$NODE_PID" ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill "$NODE_PID"
    for _ in $(seq 1 50); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$NODE_PID" 2>/dev/null && kill -9 "$NODE_PID"
  fi
  NODE_PID=""
}

# start_data_node PORT STATE_DIR LOG
start_data_node() {
  local port="$1" dir="$2" log="$3" cmd
  if [[ -n "${NODE_CMD:-}" ]]; then
    cmd="${NODE_CMD//\{port\}/$port}"
    cmd="${cmd//\{dir\}/$dir}"
  elif [[ -n "${JAR:-}" ]]; then
    cmd="java $JVM_OPTS -jar $JAR node --role data --host 127.0.0.1 --port $port --dir $dir"
  else
    if [[ ! -f "$WORK/cp.txt" ]]; then
      echo "Building data-service (test classes included) to run the data role standalone"
      (cd "$ROOT" && ./mvnw -B -q -pl data-service -am test-compile dependency:build-classpath \
          -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt")
    fi
    cmd="java $JVM_OPTS -cp $ROOT/data-service/target/test-classes:$ROOT/data-service/target/classes:$(cat "$WORK/cp.txt")"
    cmd="$cmd org.dispotify.datatest.DataTestApplication --server.port=$port --dispotify.dir=$dir"
    cmd="$cmd --logging.level.org.dispotify.data.ingest=WARN"
  fi
  echo "Starting a data node: ${cmd:0:160}..."
  # shellcheck disable=SC2086
  (cd "$ROOT" && exec $cmd) >"$log" 2>&1 &
  NODE_PID=$!
  for i in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$NODE_PID" 2>/dev/null || { echo "data node exited:" >&2; tail -30 "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "data node not healthy after 120 s" >&2
  tail -30 "$log" >&2
  return 1
}

# upload_song PORT FILE -> prints the song id
upload_song() {
  curl -fsS -F "file=@$2" "http://127.0.0.1:$1/data/songs" | sed -E 's/.*"id":"([0-9a-f]{64})".*/\1/'
}
