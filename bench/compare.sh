#!/usr/bin/env bash
# Before/after in one run: the same load generator (this checkout's) against the distribution of
# two checkouts, alternating A and B in each round so that machine drift hits both alike.
#   bench/compare.sh /path/to/checkout-A /path/to/checkout-B [rounds]
# Both checkouts must be built (./mvnw -q -DskipTests package). Ports 7078 (A) and 7079 (B).
# Prints each bench's JSON line, prefixed with A or B and the round.
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 rounds=${3:-3}
B="java -jar bench/target/galley-bench.jar"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # label checkout port
  java -jar "$2/galley-cli/target/galley.jar" server --port "$3" --data-dir "$work/$1-$round" \
    > "$work/$1-$round.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$3/health" > /dev/null; do sleep 0.1; done
}
stop() { kill "$server"; wait "$server" || true; }

measure() { # label checkout port
  start "$1" "$2" "$3"
  u=http://127.0.0.1:$3
  for cmd in \
    "ingest --uri $u --threads 1,4 --warmup-requests 100 --seconds 10" \
    "history --uri $u --points 10000 --repeats 200 --warmup 100" \
    "search --uri $u --runs 1000 --repeats 200" \
    "search --uri $u --runs 10000 --repeats 200"; do
    $B $cmd 2>/dev/null | grep '^{"bench"' | sed "s/^/$1 round $round: /"
  done
  stop
}

uptime
for round in $(seq "$rounds"); do
  measure A "$a" 7078
  measure B "$b" 7079
done
uptime
