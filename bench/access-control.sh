#!/usr/bin/env bash
# The cost of access control, in one run: the same checkout's server with access control off (A)
# and on (B), alternating (A B, then B A, ...) so that machine drift hits both alike. On B the load
# generator signs in as a user who is not an administrator, with an API token (Bearer on every
# request), in experiments it created (so its MANAGE grant is looked up each time); the registry
# calls fetch a bearer token from /v2/token first, as docker does.
#   bench/access-control.sh [rounds]
# Build first (./mvnw -q -DskipTests package). Ports 7088 (A) and 7089 (B). Prints each bench's
# JSON line, prefixed with A or B and the round, and bench/registry-ops.py's medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
B="java -jar bench/target/galley-bench.jar"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # label port [server flags]
  local label=$1 port=$2
  shift 2
  GALLEY_ADMIN_PASSWORD="root password" java -jar galley-cli/target/galley.jar server \
    --port "$port" --data-dir "$work/$label-$round" "$@" > "$work/$label-$round.log" 2>&1 &
  server=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.1; done
}
stop() { kill "$server"; wait "$server" || true; }

measure() { # label port token
  u=http://127.0.0.1:$2
  for cmd in \
    "ingest --uri $u --threads 1,4 --warmup-requests 100 --seconds 10" \
    "history --uri $u --points 10000 --repeats 200 --warmup 100" \
    "search --uri $u --runs 1000 --repeats 200"; do
    GALLEY_TOKEN=$3 $B $cmd 2>/dev/null | grep '^{"bench"' | sed "s/^/$1 round $round: /"
  done
  echo "$1 round $round: registry $(REGISTRY_AUTH=$4 python3 bench/registry-ops.py 127.0.0.1 "$2" 300)"
}

uptime
off() {
  start A 7088
  measure A 7088 "" ""
  stop
}
on() {
  start B 7089 --access-control --init-admin root
  root="root:root password"
  curl -sf -u "$root" -H 'Content-Type: application/json' \
    -d '{"username": "bench", "password": "bench password"}' \
    http://127.0.0.1:7089/api/2.0/mlflow/users/create > /dev/null
  token=$(curl -sf -u "bench:bench password" -H 'Content-Type: application/json' \
    -d '{"name": "bench"}' http://127.0.0.1:7089/api/2.0/galley/tokens/create |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
  measure B 7089 "$token" "bench:bench password"
  stop
}
# The order alternates, so that a machine warming up or cooling down favours neither.
for round in $(seq "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then off; on; else on; off; fi
done
uptime
