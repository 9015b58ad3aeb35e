#!/usr/bin/env bash
# galley build: how long a model image takes to build, cold (the jlinked base made first) and
# warm, after a model-only change, and with a 100 MB model file; the image's size; and docker run
# to the first /ping 200. A fresh server and `galley example iris` give the models; the 100 MB
# model is the champion's files plus 100 MB of random bytes, registered as a version of its own.
# Beside the warm builds, docker build of the --context output (the issue's peer).
#   bench/build.sh [warm rounds, default 5]
# Build first (./mvnw -q -DskipTests package); needs docker (a running engine) and curl.
# Ports 7094 (tracking), 8094 (the container).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
work=$(mktemp -d)
trap 'docker rm -f galley-bench-build > /dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true; wait; rm -rf "$work"' EXIT
# ./galley, as a user runs it: its class-data-sharing archive for client verbs is part of a
# command's start.
G=./galley
export GALLEY_TRACKING_URI=http://127.0.0.1:7094
API=$GALLEY_TRACKING_URI/api/2.0/mlflow

$G server --port 7094 --data-dir "$work/data" > "$work/server.log" 2>&1 &
until curl -s -o /dev/null "$GALLEY_TRACKING_URI/health"; do sleep 0.2; done
$G example iris > "$work/example.log" 2>&1
logreg=$(grep -E '^logreg-lr1.0-e25 ' "$work/example.log" | awk '{print $NF}')

ms() { echo $(( ($2 - $1) / 1000000 )); }
build() { # label model-uri tag
  local start end
  start=$(date +%s%N)
  $G build "$2" -t "$3" > "$work/build.out" 2> "$work/build.err"
  end=$(date +%s%N)
  # wall time of the command (its JVM's start included), then the CLI's own figure (request to
  # image stored), the digest and the compressed size
  printf '%-44s %6s ms  %-8s %s\n' "$1" "$(ms "$start" "$end")" \
    "$(grep -o 'in [0-9.]* s' "$work/build.out" | head -1 | cut -c4-)" \
    "$(grep -o '([^)]*)' "$work/build.out" | head -1)"
}

uptime
build "cold: base (jlink) + champion" models:/iris@champion bench/iris:cold
for i in $(seq 1 "$rounds"); do
  build "warm: the champion again, tag $i" models:/iris@champion "bench/iris:warm$i"
done

# The peer: docker build of the --context that galley build writes for the same image (the base
# pulled once first; then with docker's layer cache, and without it).
$G build models:/iris@champion -t bench/iris:context --context "$work/context" > /dev/null 2>&1
docker pull -q "$(grep -o 'FROM .*' "$work/context/Dockerfile" | cut -c6-)" > /dev/null
docker_build() { # label options...
  local label=$1 start end
  shift
  start=$(date +%s%N)
  # stderr: the legacy builder's deprecation notice, on every call
  docker build -q "$@" -t galley-bench-context "$work/context" > /dev/null 2>&1
  end=$(date +%s%N)
  printf '%-44s %6s ms\n' "$label" "$(ms "$start" "$end")"
}
for i in $(seq 1 "$rounds"); do
  docker_build "docker build --no-cache of --context, $i" --no-cache
done
for i in $(seq 1 "$rounds"); do
  docker_build "docker build (layer cache) of --context, $i"
done
docker rmi -f galley-bench-context > /dev/null 2>&1 || true

# A model-only change: another run's model as version 2 of iris (same flavour, same jars).
curl -sf "$API/model-versions/create" -H 'Content-Type: application/json' \
  -d "{\"name\": \"iris\", \"source\": \"runs:/$logreg/model\", \"run_id\": \"$logreg\"}" > /dev/null
build "model-only change: version 2 (logistic regression)" models:/iris/2 bench/iris:v2
grep -c '^  stored ' "$work/build.err" | xargs printf '  blobs newly stored: %s (model files, MLmodel, config; then the manifest)\n'

# A 100 MB model: the champion's files and 100 MB of random bytes, in a run of its own.
champion=$(curl -sf "$API/registered-models/alias?name=iris&alias=champion" | python3 -c 'import json,sys; print(json.load(sys.stdin)["model_version"]["run_id"])')
exp=$(curl -sf "$API/experiments/get-by-name?experiment_name=iris" | python3 -c 'import json,sys; print(json.load(sys.stdin)["experiment"]["experiment_id"])')
big=$(curl -sf "$API/runs/create" -H 'Content-Type: application/json' -d "{\"experiment_id\": \"$exp\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["run"]["info"]["run_id"])')
$G artifacts get "$champion" model -o "$work/big" > /dev/null
head -c 100000000 /dev/urandom > "$work/big/weights.bin"
$G artifacts put "$big" "$work/big" model > /dev/null
curl -sf "$API/model-versions/create" -H 'Content-Type: application/json' \
  -d "{\"name\": \"iris\", \"source\": \"runs:/$big/model\", \"run_id\": \"$big\"}" > /dev/null
build "100 MB model file: version 3" models:/iris/3 bench/iris:v3

# The image: its size unpacked, and docker run to the first /ping 200.
ref=127.0.0.1:7094/bench/iris:cold
docker rmi -f "$ref" > /dev/null 2>&1 || true
docker pull -q "$ref" > /dev/null
echo "image unpacked (docker image inspect .Size): $(docker image inspect "$ref" --format '{{.Size}}') bytes"
for i in $(seq 1 5); do
  start=$(date +%s%N)
  docker run -d --rm --network host -e PORT=8094 --name galley-bench-build "$ref" > /dev/null
  until curl -sf -o /dev/null http://127.0.0.1:8094/ping; do sleep 0.01; done
  end=$(date +%s%N)
  echo "docker run to first /ping 200: $(ms "$start" "$end") ms (run $i)"
  docker rm -f galley-bench-build > /dev/null
done
start=$(date +%s%N)
docker run --rm --network none --entrypoint /opt/java/bin/java "$ref" -version 2> /dev/null
echo "for scale, docker run of java -version in the same image: $(ms "$start" "$(date +%s%N)") ms"
docker rmi -f "$ref" > /dev/null
uptime
