#!/usr/bin/env bash
# The cost of access control, in one run: the same checkout's server with access control off (A)
# and on (B), both started at once and warmed, then measured in turns (A B, then B A, ...) so that
# a machine warming up or slowing down hits both alike. On B the load generator signs in as a user
# who is not an administrator, with an API token (Bearer on every request), in experiments it
# created (so its MANAGE grant is what is checked); bench/registry-ops.py fetches a bearer token
# from /v2/token first, as docker does. Last, bench/registry.sh pushes and pulls real images with
# skopeo to both (B with --dest-creds / --src-creds), when skopeo and docker-registry are here.
#   bench/access-control.sh [rounds]      (default 6; REGISTRY_ROUNDS, BIG_MIB, SMALL_LAYERS
#                                          are passed to registry.sh: defaults 3, 256, 200)
#   BENCHES="ingest history search registry" (the default) narrows what each round measures, and
#   registry.sh runs only when "registry" is in it; WARM_ROUNDS=1 (the default) is how many rounds
#   warm the servers first and are left out of the medians.
# Build first (./mvnw -q -DskipTests package). Ports 7088 (A) and 7089 (B). Prints each bench's
# JSON line, prefixed with A or B and the round, then the medians over the rounds and on / off.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
benches=" ${BENCHES:-ingest history search registry} "
warm=${WARM_ROUNDS:-1}
B="java -jar bench/target/galley-bench.jar"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # label port [server flags]
  local label=$1 port=$2
  shift 2
  GALLEY_ADMIN_PASSWORD="root password" java -jar galley-cli/target/galley.jar server \
    --port "$port" --data-dir "$work/$label" "$@" > "$work/$label.log" 2>&1 &
}
wait_up() { until curl -s -o /dev/null "http://127.0.0.1:$1/health"; do sleep 0.1; done; }

measure() { # label port token basic round
  local u=http://127.0.0.1:$2
  for cmd in \
    "ingest --uri $u --threads 1,4 --warmup-requests 100 --seconds 5" \
    "history --uri $u --points 10000 --repeats 200 --warmup 100" \
    "search --uri $u --runs 1000 --repeats 200"; do
    case "$benches" in *" ${cmd%% *} "*) ;; *) continue ;; esac
    GALLEY_TOKEN=$3 $B $cmd 2>/dev/null | grep '^{"bench"' | sed "s/^/$1 round $5: /"
  done
  case "$benches" in *" registry "*) ;; *) return 0 ;; esac
  echo "$1 round $5: registry $(REGISTRY_AUTH=$4 python3 bench/registry-ops.py 127.0.0.1 "$2" 300)"
}

uptime
start A 7088
start B 7089 --access-control --init-admin root
wait_up 7088
wait_up 7089
curl -sf -u "root:root password" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "password": "bench password"}' \
  http://127.0.0.1:7089/api/2.0/mlflow/users/create > /dev/null
token=$(curl -sf -u "bench:bench password" -H 'Content-Type: application/json' \
  -d '{"name": "bench"}' http://127.0.0.1:7089/api/2.0/galley/tokens/create |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
basic="bench:bench password"
off() { measure A 7088 "" "" "$1"; }
on() { measure B 7089 "$token" "$basic" "$1"; }

# Rounds before $warm warm both (the JIT, the pools); they are printed and left out of the medians.
for round in $(seq $((1 - warm)) "$rounds"); do
  if [ $((round % 2)) -eq 0 ]; then off "$round"; on "$round"; else on "$round"; off "$round"; fi
done | tee "$work/results"
uptime

python3 - "$work/results" << 'EOF'
import json, re, statistics, sys
values = {}  # (measure, side) -> [value per round]
def add(measure, side, value):
    values.setdefault((measure, side), []).append(value)
for line in open(sys.argv[1]):
    m = re.match(r"([AB]) round (\d+): (.*)", line.strip())
    if not m or int(m.group(2)) < 1:
        continue
    side, rest = m.group(1), m.group(3)
    if rest.startswith("registry "):
        for name, ms in re.findall(r"(\w+)=([\d.]+)ms", rest):
            add(f"registry {name} ms", side, float(ms))
        continue
    bench = json.loads(rest)
    if bench["bench"] == "ingest":
        for r in bench["results"]:
            t = r["threads"]
            add(f"ingest {t} t, log-batch p50 ms", side, r["log_batch_ms"]["p50_ms"])
            add(f"ingest {t} t, runs/create p50 ms", side, r["create_run_ms"]["p50_ms"])
            add(f"ingest {t} t, points/s", side, r["points_per_s"])
    else:
        add(f"{bench['bench']} p50 ms", side, bench["latency_ms"]["p50_ms"])
print(f"\nmedians of rounds 1..{len(values[next(iter(values))])}: measure | off | on | on / off")
for measure in dict.fromkeys(k[0] for k in values):
    a = statistics.median(values[(measure, "A")])
    b = statistics.median(values[(measure, "B")])
    print(f"{measure} | {a:g} | {b:g} | {b / a:.2f}")
EOF

if [[ "$benches" != *" registry "* ]]; then
  :
elif command -v skopeo > /dev/null && command -v docker-registry > /dev/null; then
  ROUNDS=${REGISTRY_ROUNDS:-3} BIG_MIB=${BIG_MIB:-256} SMALL_LAYERS=${SMALL_LAYERS:-200} \
    GALLEY_URL=http://127.0.0.1:7088 GALLEY_AUTH_URL=http://127.0.0.1:7089 \
    GALLEY_AUTH_CREDS="$basic" bash bench/registry.sh
else
  echo "skopeo or docker-registry is missing: the real push and pull were not measured" >&2
fi
