#!/usr/bin/env bash
# The compose cluster for real (issue 20): a Docker engine, the images built from this checkout, and
# docker-compose.yml run as README.md says, under a project name of its own and on free host ports:
#   1. build both images (the .env from ops/docker/make-env: base images Temurin when Docker Hub answers,
#      else the shared tool's local ones)
#   2. up: 6 containers healthy
#   3. the demo library uploaded through the published router with ./dispotify upload
#   4. every song played through the published port (the routers' audio relay), bytes = the song's SHA-256
#   5. --scale node=6: 8 containers healthy, 7 ring members, every song on >= 2 data nodes
#   6. docker kill of a data node's container: its songs back on 2 live data nodes
#   7. docker compose restart: nothing lost, everything plays
#   8. down, then up again at the same scale with the volumes: the library is still there and plays
#      (at a smaller scale, songs whose two copies sit in unclaimed slots would be missing until those
#      slots run again: replicas keep their songs in slot folders of the shared volume)
# Each step is timed; the summary goes to standard output (copy it into bench/results/compose.md).
# Talks to the cluster only through its ports published on 127.0.0.1. Removes its containers, volumes and
# network at the end (images stay, as a build cache), and stops the Docker engine if it started it, so
# the machine is as it was (CI runs on it next).
#
#   bench/compose.sh
#   ENGINE_TOOL=/path/to/docker-engine.sh bench/compose.sh   # default: ../shared/tools/docker-engine.sh
#   KEEP=1 bench/compose.sh                                   # leave the cluster running (docker compose -p dispotify-bench ...)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENGINE_TOOL="${ENGINE_TOOL:-$ROOT/../shared/tools/docker-engine.sh}"
PROJECT="${PROJECT:-dispotify-bench}"
LIMIT="${LIMIT:-300}"   # seconds any one step may take
WORK="$(mktemp -d)"
SUMMARY=()
STARTED_ENGINE=0

for tool in curl jq sha256sum openssl ss bc numfmt; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

say() { printf '== %s\n' "$*"; }
now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }
record() { SUMMARY+=("$1"); printf '   %s\n' "$1"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

dc() { docker compose -p "$PROJECT" --env-file "$WORK/env" -f "$ROOT/docker-compose.yml" "$@"; }

cleanup() {
  local status=$?
  if [ "${KEEP:-0}" != 1 ] && docker info >/dev/null 2>&1; then
    dc down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  if [ "$STARTED_ENGINE" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
    # Started here: stopped here, with what it started (containerd goes with it).
    local pid; pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    echo "   stopped the Docker engine this script started (pid ${pid:-?})"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
  local used; used="$(ss -Htuln | awk '{print $5}' | sed 's/.*://')"
  for _ in $(seq 1 100); do
    local p=$(( (RANDOM % 20000) + 30000 ))
    grep -qx "$p" <<<"$used" || { echo "$p"; return; }
  done
  fail "no free port"
}

# healthy N: waits until N containers of the project are running and healthy.
healthy() {
  local want="$1" deadline=$(( $(date +%s) + LIMIT )) count=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    count=0
    for id in $(dc ps -q); do
      [ "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")" = healthy ] && count=$((count + 1))
    done
    [ "$count" -eq "$want" ] && return 0
    sleep 1
  done
  dc ps >&2
  fail "$count of $want containers healthy after ${LIMIT} s"
}

api() { curl -fsS --max-time 10 "$PLAYER$1"; }

members() { api "/api/cluster" | jq -r '.members[] | select((.status | ascii_downcase) == "alive") | "\(.nodeId) \(.role) \(.host)"'; }

# songs: every song's id and replicas, one "id replicas" a line.
songs() { api "/api/songs?size=500" | jq -r '.items[] | "\(.id) \(.replicas)"'; }

# until_true WHAT CMD...: runs CMD every second until it succeeds, within LIMIT.
until_true() {
  local what="$1"; shift
  local deadline=$(( $(date +%s) + LIMIT ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$what: not within ${LIMIT} s"
    sleep 1
  done
}

data_nodes() { members | awk '$2 == "data"' | wc -l; }

all_songs_on_two() {  # 2 live data nodes in the ring, and every one of the EXPECTED songs listed on >= 2 of them
  [ "$(data_nodes)" -ge 2 ] || return 1
  local listed; listed="$(songs)" || return 1
  [ "$(wc -l <<<"$listed")" -eq "$EXPECTED" ] || return 1
  ! awk '$2 < 2 { bad = 1 } END { exit !bad }' <<<"$listed"
}

FAILOVERS=0
plays_everything() {  # every song through the published port, its providers tried in turn as the player does
  local ok=0
  for id in $(songs | cut -d' ' -f1); do
    local played=0
    for url in $(api "/api/songs/$id/providers" | jq -r '.providers[].url'); do
      # The relay URL names the host the router was reached at; ask it through the published port anyway.
      local path
      case "$url" in /*) path="$url" ;; *) path="/${url#*://*/}" ;; esac
      local got; got="$(curl -fsS --max-time 60 "$PLAYER$path" 2>/dev/null | sha256sum | cut -d' ' -f1)"
      if [ "$got" = "$id" ]; then played=1; break; fi
      FAILOVERS=$((FAILOVERS + 1))
    done
    [ "$played" = 1 ] || { echo "song $id played from none of its providers" >&2; return 1; }
    ok=$((ok + 1))
  done
  [ "$ok" -eq "$EXPECTED" ]
}

say "Docker engine ($ENGINE_TOOL)"
if ! docker info >/dev/null 2>&1; then
  [ -f "$ENGINE_TOOL" ] || fail "no Docker engine running and no $ENGINE_TOOL to start one"
  STARTED_ENGINE=1
fi
T="$(now)"
bash "$ENGINE_TOOL" >"$WORK/engine.log" 2>&1 || { cat "$WORK/engine.log" >&2; fail "the engine tool failed"; }
record "engine ready in $(since "$T") s ($(docker version -f '{{.Server.Version}}'), compose $(docker compose version --short))"

PLAYER_PORT="$(free_port)"; DNS_HTTP="$(free_port)"; DNS_PORT="$(free_port)"
# The .env as README.md makes it (make-env: fresh secrets, base images this engine can get), on free ports.
DISPOTIFY_PLAYER_PORT="$PLAYER_PORT" DISPOTIFY_DNS_HTTP_HOST_PORT="$DNS_HTTP" DISPOTIFY_DNS_HOST_PORT="$DNS_PORT" \
  "$ROOT/ops/docker/make-env" --output "$WORK/env" >"$WORK/make-env.log" 2>&1 || { cat "$WORK/make-env.log" >&2; fail "make-env failed"; }
env_value() { sed -n "s/^$1=//p" "$WORK/env"; }
TOKEN="$(env_value DISPOTIFY_UPLOAD_TOKEN)"; JDK_IMAGE="$(env_value DISPOTIFY_JDK_IMAGE)"; JRE_IMAGE="$(env_value DISPOTIFY_JRE_IMAGE)"
PLAYER="http://127.0.0.1:$PLAYER_PORT"
dc down -v --remove-orphans >/dev/null 2>&1 || true

say "1. build (base images $JDK_IMAGE, $JRE_IMAGE)"
T="$(now)"
dc build >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; fail "docker compose build"; }
record "build: $(since "$T") s; images: node $(docker image inspect -f '{{.Size}}' dispotify-node:local | numfmt --to=si)B, dns $(docker image inspect -f '{{.Size}}' dispotify-dns:local | numfmt --to=si)B"

say "2. up"
T="$(now)"
dc up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; fail "docker compose up"; }
healthy 6
record "up: 6 containers healthy in $(since "$T") s"

say "3. the demo library through the published router"
EXPECTED="$(find "$ROOT/samples" -type f \( -name '*.mp3' -o -name '*.flac' -o -name '*.ogg' -o -name '*.opus' -o -name '*.wav' \) | wc -l)"
T="$(now)"
"$ROOT/dispotify" upload --router "$PLAYER" --token "$TOKEN" --parallel 3 "$ROOT/samples" >"$WORK/upload.log" 2>&1 \
  || { cat "$WORK/upload.log" >&2; fail "upload"; }
until_true "the $EXPECTED demo songs listed, each on 2 data nodes" all_songs_on_two
record "demo: $EXPECTED songs stored and listed on 2 data nodes each in $(since "$T") s"

say "4. play every song through the published port"
T="$(now)"
plays_everything || fail "playback"
record "play: $EXPECTED songs streamed through the relay, every byte as uploaded, in $(since "$T") s"

say "5. --scale node=6"
T="$(now)"
dc up -d --scale node=6 >"$WORK/scale.log" 2>&1 || { cat "$WORK/scale.log" >&2; fail "scale"; }
healthy 8
until_true "7 ring members alive" bash -c "[ \"\$(curl -fsS --max-time 10 $PLAYER/api/cluster | jq '[.members[] | select(.status | ascii_downcase == \"alive\")] | length')\" -eq 7 ]"
until_true "every song on 2 data nodes" all_songs_on_two
record "scale to 7 nodes: healthy and in the ring in $(since "$T") s; roles: $(members | awk '{print $2}' | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')"

say "6. docker kill a data node's container"
DATA_HOST="$(members | awk '$2 == "data" {print $3; exit}')"
[ -n "$DATA_HOST" ] || fail "no data node in /api/cluster"
VICTIM=""
for id in $(dc ps -q node); do
  if docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$id" | grep -qw "$DATA_HOST"; then VICTIM="$id"; fi
done
[ -n "$VICTIM" ] || fail "no container has the data node's address $DATA_HOST"
T="$(now)"
docker kill "$VICTIM" >/dev/null
until_true "the killed data node declared dead" bash -c "! curl -fsS --max-time 10 $PLAYER/api/cluster | jq -e '.members[] | select(.host == \"$DATA_HOST\" and (.status | ascii_downcase) == \"alive\")'"
DEAD_AT="$(since "$T")"
until_true "every song back on 2 live data nodes" all_songs_on_two
record "kill -9 of data node $DATA_HOST: dead in the ring after $DEAD_AT s, 2 live data nodes again and every song on both after $(since "$T") s"
FAILOVERS=0
plays_everything || fail "playback after the kill"
record "play after the kill: every song, $FAILOVERS provider(s) skipped on the way (a listener's player moves on the same way)"

say "7. docker compose restart"
T="$(now)"
dc restart >"$WORK/restart.log" 2>&1 || { cat "$WORK/restart.log" >&2; fail "restart"; }
RUNNING="$(dc ps -q | wc -l)"
healthy "$RUNNING"
until_true "every song listed on 2 data nodes after the restart" all_songs_on_two
plays_everything || fail "playback after the restart"
record "restart: $RUNNING containers healthy, $EXPECTED songs on 2 data nodes and playing, in $(since "$T") s"

say "8. down, then up again with the volumes"
T="$(now)"
dc down >"$WORK/down.log" 2>&1 || { cat "$WORK/down.log" >&2; fail "down"; }
record "down: $(since "$T") s"
T="$(now)"
dc up -d --scale node=6 >"$WORK/up2.log" 2>&1 || { cat "$WORK/up2.log" >&2; fail "up again"; }
healthy 8
until_true "the library back after down and up" all_songs_on_two
plays_everything || fail "playback after down and up"
record "up again (--scale node=6): 8 containers healthy, the $EXPECTED songs there and playing, in $(since "$T") s"

echo
echo "Summary ($(date -u +%Y-%m-%dT%H:%MZ), commit $(cd "$ROOT" && git describe --always --dirty --abbrev=12), $(nproc) cores, load at end $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %s\n' "${SUMMARY[@]}"
