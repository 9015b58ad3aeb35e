#!/usr/bin/env bash
# galley serve under load: requests/s and latency (p50, p99) from Debian's wrk on the same
# machine, for single-row requests at concurrency 1, 10 and 64 and for 1,000-row batches, for
# the iris example's models (the champion, k-NN, and a logistic regression, both Tribuo, and that
# logistic regression's ONNX export on ONNX Runtime), then the
# time from process start to the first /ping 200. A fresh server and `galley example iris` give
# the models.
#   bench/serving.sh [seconds per measurement, default 10]
#   STARTS_ONLY=1 bench/serving.sh     only the start-up measurement
# Build first (./mvnw -q -DskipTests package). Ports 7095 (tracking), 8095-8098 (serving).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk > /dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
G="java -jar galley-cli/target/galley.jar"
export GALLEY_TRACKING_URI=http://127.0.0.1:7095

$G server --port 7095 --data-dir "$work/data" > "$work/server.log" 2>&1 &
until curl -s -o /dev/null "$GALLEY_TRACKING_URI/health"; do sleep 0.2; done
$G example iris > "$work/example.log" 2>&1
logreg=$(grep -E '^logreg-lr1.0-e25 ' "$work/example.log" | awk '{print $NF}')

row='{"dataframe_records": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}'
python3 - "$work/batch.json" << 'PY'
import json, random, sys
random.seed(7)
rows = [{"sepal_length": round(random.uniform(4.3, 7.9), 1), "sepal_width": round(random.uniform(2, 4.4), 1),
         "petal_length": round(random.uniform(1, 6.9), 1), "petal_width": round(random.uniform(0.1, 2.5), 1)}
        for _ in range(1000)]
json.dump({"dataframe_records": rows}, open(sys.argv[1], "w"))
PY
printf '%s' "$row" > "$work/row.json"
lua() { # body-file -> lua script
  cat > "$1.lua" << LUA
local f = io.open("$1", "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
LUA
  echo "$1.lua"
}

measure() { # label port
  local url=http://127.0.0.1:$2/invocations
  # warm-up: the JIT, the pools
  wrk -t 2 -c 10 -d 5s -s "$(lua "$work/row.json")" "$url" > /dev/null
  wrk -t 1 -c 1 -d 3s -s "$(lua "$work/batch.json")" "$url" > /dev/null
  for c in 1 10 64; do
    t=$(( c < 2 ? 1 : 2 ))
    out=$(wrk -t "$t" -c "$c" -d "${secs}s" --latency -s "$(lua "$work/row.json")" "$url")
    report "$1" "1 row, concurrency $c" "$out"
  done
  out=$(wrk -t 1 -c 1 -d "${secs}s" --latency -s "$(lua "$work/batch.json")" "$url")
  report "$1" "1000 rows, concurrency 1" "$out"
}
report() { # label what wrk-output
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$3")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$3")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$3")
  errors=$(awk '/Non-2xx/ {print $NF}' <<< "$3")
  printf '%-10s %-26s %10s req/s  p50 %8s  p99 %8s  %s\n' "$1" "$2" "$rps" "$p50" "$p99" \
    "${errors:+non-2xx: $errors}"
}

serve() { # port model-uri
  $G serve "$2" --port "$1" --no-access-log > "$work/serve-$1.log" 2>&1 &
  until curl -s -o /dev/null "http://127.0.0.1:$1/ping"; do sleep 0.1; done
}

uptime
if [ -z "${STARTS_ONLY:-}" ]; then
  serve 8095 models:/iris@champion
  measure knn 8095
  serve 8096 "runs:/$logreg/model"
  measure logreg 8096
  serve 8098 "runs:/$logreg/onnx"
  measure onnx 8098
  uptime
fi

# From process start to the first /ping 200, five starts of a model directory already on disk
# (the distribution's launcher, with its class-data sharing archive after the first start).
mkdir -p "$work/model"
for f in MLmodel model.tribuo; do
  curl -sf -o "$work/model/$f" "$GALLEY_TRACKING_URI/get-artifact?run_id=$logreg&path=model/$f"
done
for i in 0 1 2 3 4 5; do
  start=$(date +%s%N)
  ./galley serve "$work/model" --port 8097 --no-access-log > /dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:8097/ping; do
    kill -0 $pid 2> /dev/null || { echo "galley serve exited" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  kill $pid; wait $pid 2> /dev/null || true
  # start 0 records the class-data sharing archive and is left out
  [ "$i" -gt 0 ] && echo "first /ping 200 after $(( (end - start) / 1000000 )) ms (start $i)"
done
