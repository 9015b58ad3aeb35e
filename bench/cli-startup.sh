#!/usr/bin/env bash
# How long a client verb takes, wall clock, beside curl of the same endpoint: `galley runs best`
# against a server with the iris example logged, warm (the launcher's class-data archive made).
#   bench/cli-startup.sh [ROUNDS]        (default 20; run from the repository root)
# Prints each tool's median, p90 and min in ms, then one JSON line for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
port=7079
data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT

./galley server --port "$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do sleep 0.2; done
export GALLEY_TRACKING_URI="http://127.0.0.1:$port"
./galley example iris > /dev/null
exp=$(curl -s "http://127.0.0.1:$port/api/2.0/mlflow/experiments/get-by-name?experiment_name=iris" \
  | sed 's/.*"experiment_id":"\([^"]*\)".*/\1/')
url="http://127.0.0.1:$port/api/2.0/galley/leaderboard?experiment_id=$exp&metric=accuracy&agg=last&order=desc&from=top&n=6"

# Warm-up: the first client verb records the client archive, the next ones map it.
for _ in 1 2 3; do ./galley runs best -e iris -m accuracy > /dev/null; curl -s -o /dev/null "$url"; done

ms() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int((NR+1)/2)], a[int(NR*0.9+0.5)], a[1]}'; }

galley_times=$(for _ in $(seq "$rounds"); do ms ./galley runs best -e iris -m accuracy; done | stats)
curl_times=$(for _ in $(seq "$rounds"); do ms curl -s "$url"; done | stats)
read -r g50 g90 gmin <<< "$galley_times"
read -r c50 c90 cmin <<< "$curl_times"
echo "galley runs best: p50 ${g50} ms, p90 ${g90} ms, min ${gmin} ms ($rounds rounds)"
echo "curl leaderboard: p50 ${c50} ms, p90 ${c90} ms, min ${cmin} ms ($rounds rounds)"
printf '{"bench":"cli-startup","rounds":%d,"galley_p50_ms":%d,"galley_p90_ms":%d,"galley_min_ms":%d,"curl_p50_ms":%d,"curl_p90_ms":%d,"curl_min_ms":%d}\n' \
  "$rounds" "$g50" "$g90" "$gmin" "$c50" "$c90" "$cmin"
