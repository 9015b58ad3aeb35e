#!/usr/bin/env bash
# Upload and download of a 1 GiB artifact over loopback through the MLflow artifact proxy,
# beside dd's write (with fsync) and read of the same file on the same disk, and the server's
# resident memory before and after. Prints one line per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
head -c 1073741824 /dev/urandom > "$work/big.bin"
java -jar galley-cli/target/galley.jar server --port 7078 --data-dir "$work/data" > "$work/server.log" 2>&1 &
server=$!
until curl -sf http://127.0.0.1:7078/health > /dev/null; do sleep 0.1; done
api=http://127.0.0.1:7078/api/2.0/mlflow
exp=$(curl -s -X POST $api/experiments/create -d '{"name":"big"}' | sed 's/.*"experiment_id":"\([^"]*\)".*/\1/')
run=$(curl -s -X POST $api/runs/create -d "{\"experiment_id\":\"$exp\"}" | sed 's/.*"run_id":"\([^"]*\)".*/\1/')
echo "server rss before: $(ps -o rss= -p $server) KiB"
for i in 1 2 3; do
  curl -s -o /dev/null -w "upload   %{time_total} s, %{speed_upload} B/s, HTTP %{http_code}\n" \
    -T "$work/big.bin" "http://127.0.0.1:7078/api/2.0/mlflow-artifacts/artifacts/$exp/$run/artifacts/big$i.bin"
done
for i in 1 2 3; do
  curl -s -o "$work/big.out" -w "download %{time_total} s, %{speed_download} B/s, HTTP %{http_code}\n" \
    "http://127.0.0.1:7078/get-artifact?run_uuid=$run&path=big1.bin"
done
echo "server rss after: $(ps -o rss= -p $server) KiB"
cmp "$work/big.bin" "$work/big.out" && echo "download identical to upload"
for i in 1 2 3; do echo "dd write+fsync: $(dd if="$work/big.bin" of="$work/dd.out" bs=1M conv=fsync 2>&1 | tail -1)"; done
for i in 1 2 3; do echo "dd read: $(dd if="$work/dd.out" of=/dev/null bs=1M 2>&1 | tail -1)"; done
