#!/usr/bin/env bash
# Every figure in BENCHMARKS.md, in one run: builds the distribution and the load generator,
# then measures ingest, the Java SDK's logging, history, search (1k, 10k, 100k runs) and cold start against servers it
# starts on loopback ports 7075-7077. Takes about 7 minutes on 2 cores; prints one JSON line per
# measurement (lines starting with {"bench":) after each human summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
B="java -jar bench/target/galley-bench.jar"
G="java -jar galley-cli/target/galley.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start() { # port data-dir
  $G server --port "$1" --data-dir "$2" > "$work/server-$1.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$1/health" > /dev/null; do sleep 0.1; done
}
stop() { kill "$server"; wait "$server" || true; }

uptime
start 7075 "$work/small"
$B ingest --uri http://127.0.0.1:7075 --threads 1,4 --warmup-requests 100 --seconds 20
$B sdk --uri http://127.0.0.1:7075 --points 1000000
$B history --uri http://127.0.0.1:7075 --points 10000 --repeats 300 --warmup 100
$B search --uri http://127.0.0.1:7075 --runs 1000 --repeats 200
$B search --uri http://127.0.0.1:7075 --runs 10000 --repeats 200
stop

start 7076 "$work/100k"
$B search --uri http://127.0.0.1:7076 --runs 100000 --repeats 100 --seed-threads 4
stop

uptime
$B coldstart --uri http://127.0.0.1:7077 --times 5 --server-cmd "$G server --port 7077 --data-dir $work/empty"
$B coldstart --uri http://127.0.0.1:7077 --times 5 --server-cmd "$G server --port 7077 --data-dir $work/100k"
rm -rf "$work/empty"
$B coldstart --uri http://127.0.0.1:7077 --times 5 --server-cmd "./galley server --port 7077 --data-dir $work/empty"
$B coldstart --uri http://127.0.0.1:7077 --times 5 --server-cmd "./galley server --port 7077 --data-dir $work/100k"
uptime
