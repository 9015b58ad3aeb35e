#!/usr/bin/env bash
# Upload and download of a 1 GiB artifact over loopback through the MLflow artifact proxy,
# interleaved with dd's write (with fsync) and read of a file of the same size on the same disk,
# so that each pair of figures meets the same disk state. Like for like: dd writes a new file
# each round and each upload is a new blob (the round number in its first bytes, so nothing is
# deduplicated: the upload is written, hashed, fsynced and renamed into place), and both
# reads start cold (the file's pages are dropped from the page cache first, with dd's nocache)
# and both write to /dev/null (the timed downloads are discarded; one more is compared with the
# original). Prints one line per round, then the median of each figure and the ratios the issue's
# target is about. ROUNDS (default 5) sets the number of rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
./mvnw -q -B -DskipTests package
work=$(mktemp -d "${BENCH_DIR:-/tmp}/galley-artifacts.XXXXXX")
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
head -c 1073741824 /dev/urandom > "$work/big.bin"
java -jar galley-cli/target/galley.jar server --port 7078 --data-dir "$work/data" > "$work/server.log" 2>&1 &
server=$!
until curl -sf http://127.0.0.1:7078/health > /dev/null; do sleep 0.1; done
api=http://127.0.0.1:7078/api/2.0/mlflow
exp=$(curl -s -H "Content-Type: application/json" -X POST $api/experiments/create -d '{"name":"big"}' | sed 's/.*"experiment_id":"\([^"]*\)".*/\1/')
run=$(curl -s -H "Content-Type: application/json" -X POST $api/runs/create -d "{\"experiment_id\":\"$exp\"}" | sed 's/.*"run_id":"\([^"]*\)".*/\1/')
artifacts=http://127.0.0.1:7078/api/2.0/mlflow-artifacts/artifacts/$exp/$run/artifacts
echo "server rss before: $(ps -o rss= -p $server) KiB"
# MB/s (10^6 bytes) from dd's last line ("... bytes ... copied, S s, ...") and from curl's B/s.
drop_cache() { dd if="$1" iflag=nocache count=0 status=none; }
dd_rate() { awk '/copied/ { printf "%.0f", $1 / $(NF-3) / 1e6 }'; }
: > "$work/rates"
for i in $(seq "$rounds"); do
  sync
  w=$(dd if="$work/big.bin" of="$work/dd$i.out" bs=1M conv=fsync 2>&1 | dd_rate)
  rm -f "$work/dd$((i - 1)).out"
  # A new blob each round, as dd writes a new file: the round number in the first 8 bytes.
  cp "$work/big.bin" "$work/up$i.bin"
  printf '%08d' "$i" | dd of="$work/up$i.bin" conv=notrunc status=none
  rm -f "$work/up$((i - 1)).bin"
  sync
  u=$(curl -s -o /dev/null -w "%{speed_upload}" -T "$work/up$i.bin" "$artifacts/big$i.bin" | awk '{ printf "%.0f", $1 / 1e6 }')
  drop_cache "$work/dd$i.out"
  r=$(dd if="$work/dd$i.out" of=/dev/null bs=1M 2>&1 | dd_rate)
  etag=$(curl -sI "$artifacts/big$i.bin" | tr -d '\r"' | awk -F'sha256:' 'tolower($0) ~ /^etag/ { print $2 }')
  blob="$work/data/blobs/sha256/${etag:0:2}/$etag"
  drop_cache "$blob"
  d=$(curl -s -o /dev/null -w "%{speed_download}" "$artifacts/big$i.bin" | awk '{ printf "%.0f", $1 / 1e6 }')
  echo "round $i: dd write+fsync $w MB/s, upload $u MB/s, dd read $r MB/s, download $d MB/s"
  echo "$w $u $r $d" >> "$work/rates"
done
echo "server rss after: $(ps -o rss= -p $server) KiB"
curl -s -o "$work/big.out" "$artifacts/big$rounds.bin"
cmp "$work/up$rounds.bin" "$work/big.out" && echo "download identical to upload"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
w=$(cut -d' ' -f1 "$work/rates" | median); u=$(cut -d' ' -f2 "$work/rates" | median)
r=$(cut -d' ' -f3 "$work/rates" | median); d=$(cut -d' ' -f4 "$work/rates" | median)
echo "median: dd write+fsync $w MB/s, upload $u MB/s ($(awk "BEGIN { printf \"%.0f\", 100 * $u / $w }")% of dd)"
echo "median: dd read $r MB/s, download $d MB/s ($(awk "BEGIN { printf \"%.0f\", 100 * $d / $r }")% of dd)"
# The disk's speed swings between rounds; each round's pair meets the same state, so the median
# of the per-round ratios is the steadier comparison.
uw=$(awk '{ printf "%.0f\n", 100 * $2 / $1 }' "$work/rates" | median)
dr=$(awk '{ printf "%.0f\n", 100 * $4 / $3 }' "$work/rates" | median)
echo "median of per-round ratios: upload $uw% of dd write+fsync, download $dr% of dd read"
