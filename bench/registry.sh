#!/usr/bin/env bash
# Push and pull throughput of OCI registries with skopeo, over loopback: Debian's reference
# registry (docker-registry, distribution 2.8, started here with its own storage) and, when
# GALLEY_URL is set (e.g. http://127.0.0.1:5000, a running Galley server), Galley's /v2/.
#
# Two images: one layer of BIG_MIB (default 1024) MiB of random bytes, and SMALL_LAYERS (default
# 500) layers of 1 B..32 KiB random files. Each round (ROUNDS, default 3) times, per registry and
# image, `skopeo copy` oci -> registry (push) and registry -> a fresh oci layout (pull). Registries
# take turns going first. Every round pushes new layer bytes, so no registry (and no skopeo blob
# cache, which would try a cross-repository mount) can skip an upload: the big layer is gzip
# member "round N" followed by a member computed once for the random file (a gzip file may hold
# several members, a tar stream is their concatenation), so only the small member is compressed
# again. Prints one line per copy, then medians of seconds and of MB/s (10^6 bytes of blobs per
# second) and the galley/reference ratio of MB/s; the galley columns are empty without GALLEY_URL.
#
# With GALLEY_AUTH_URL and GALLEY_AUTH_CREDS (user:password) as well, a second Galley server, one
# with access control on, takes its turn too, skopeo signing in with --dest-creds / --src-creds
# (Docker's token flow: a bearer token from /v2/token), and a second table sets its MB/s beside
# the open server's: the cost of access control on a real push and pull.
#
# Needs: docker-registry, skopeo, tar, gzip, sha256sum, curl. BENCH_DIR (default /tmp) holds the
# work files (about (3 + ROUNDS) x BIG_MIB, the reference registry's storage included), removed
# at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
big_mib=${BIG_MIB:-1024}
small_layers=${SMALL_LAYERS:-500}
galley_url=${GALLEY_URL:-}
auth_url=${GALLEY_AUTH_URL:-}
auth_creds=${GALLEY_AUTH_CREDS:-}

for tool in docker-registry skopeo tar gzip sha256sum curl; do
  command -v "$tool" > /dev/null || { echo "registry.sh: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d "${BENCH_DIR:-/tmp}/galley-registry-bench.XXXXXX")
registry_pid=
cleanup() {
  set +e
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2> /dev/null
    wait "$registry_pid" 2> /dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "$*" >&2; }
sha() { sha256sum "$1" | cut -c1-64; }
now() { date +%s.%N; }
skopeo_copy() { skopeo --insecure-policy copy -q --src-tls-verify=false --dest-tls-verify=false "$@" > /dev/null; }

# --- registries -----------------------------------------------------------------------------
port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
port=$((20000 + RANDOM % 20000))
until port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
mkdir -p "$work/registry"
cat > "$work/registry/config.yml" << EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$work/registry/config.yml" > "$work/registry/log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/v2/" > /dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/v2/" > /dev/null || { cat "$work/registry/log"; exit 1; }

names=(reference)
hosts=("127.0.0.1:$port")
creds=("")
if [ -n "$galley_url" ]; then
  code=$(curl -s -o /dev/null -w '%{http_code}' "$galley_url/v2/")
  [ "$code" = 200 ] || { echo "registry.sh: GET $galley_url/v2/ answered $code, not 200" >&2; exit 1; }
  names+=(galley)
  hosts+=("${galley_url#*://}")
  creds+=("")
fi
if [ -n "$auth_url" ]; then
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth_creds" "$auth_url/v2/")
  [ "$code" = 200 ] || { echo "registry.sh: GET $auth_url/v2/ as GALLEY_AUTH_CREDS answered $code, not 200" >&2; exit 1; }
  names+=(galley-auth)
  hosts+=("${auth_url#*://}")
  creds+=("$auth_creds")
fi
log "reference: docker-registry $(dpkg-query -W -f '${Version}' docker-registry 2> /dev/null || echo '?') at ${hosts[0]}"
[ -n "$galley_url" ] && log "galley: $galley_url"
[ -n "$auth_url" ] && log "galley-auth: $auth_url, signed in as ${auth_creds%%:*}"
log "$(skopeo --version)"

# --- OCI layouts, written with tar/gzip/sha256sum --------------------------------------------
# layout_begin DIR; layout_add_layer DIR GZ_FILE DIFF_ID; layout_end DIR TAG -> prints the blob bytes.
layout_begin() {
  rm -rf "$1"
  mkdir -p "$1/blobs/sha256"
  : > "$1/.layers"
  : > "$1/.diffs"
}
layout_add_layer() {
  local digest size
  digest=$(sha "$2")
  size=$(stat -c %s "$2")
  mv "$2" "$1/blobs/sha256/$digest"
  printf '{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}\n' \
    "$digest" "$size" >> "$1/.layers"
  printf '"sha256:%s"\n' "$3" >> "$1/.diffs"
}
add_json_blob() { # DIR FILE -> "digest size"
  local digest
  digest=$(sha "$2")
  mv "$2" "$1/blobs/sha256/$digest"
  echo "$digest $(stat -c %s "$1/blobs/sha256/$digest")"
}
layout_end() {
  local dir=$1 tag=$2 config manifest
  printf '{"architecture":"amd64","os":"linux","config":{"Labels":{"bench":"%s"}},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$tag" "$(paste -sd, "$dir/.diffs")" > "$dir/config.json"
  read -r -a config <<< "$(add_json_blob "$dir" "$dir/config.json")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "${config[0]}" "${config[1]}" "$(paste -sd, "$dir/.layers")" > "$dir/manifest.json"
  read -r -a manifest <<< "$(add_json_blob "$dir" "$dir/manifest.json")"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "${manifest[0]}" "${manifest[1]}" "$tag" > "$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
  rm -f "$dir/.layers" "$dir/.diffs"
  echo "sha256:${manifest[0]}" > "$dir/.manifest-digest"
  du -sb "$dir/blobs" | cut -f1
}

# The big file's tar entry (with the end-of-archive blocks) and its gzip member, made once.
log "writing ${big_mib} MiB of random bytes and gzipping it once..."
mkdir -p "$work/big"
head -c $((big_mib * 1048576)) /dev/urandom > "$work/big/data.bin"
tar -C "$work/big" --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$work/big.tar" data.bin
rm "$work/big/data.bin"
gzip -1 -c "$work/big.tar" > "$work/big.tar.gz"

# A tar entry "round" (header and one data block, no end-of-archive) unique to round $1.
round_entry() {
  mkdir -p "$work/r"
  echo "round $1 $(now) $RANDOM" > "$work/r/round"
  tar -C "$work/r" --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$work/r.tar" round
  head -c 1024 "$work/r.tar"
}

make_big() { # ROUND -> layout dir $work/big-layout, prints blob bytes
  local dir=$work/big-layout diff
  layout_begin "$dir"
  round_entry "$1" > "$work/round.tar"
  diff=$(cat "$work/round.tar" "$work/big.tar" | sha256sum | cut -c1-64)
  { gzip -1 -c "$work/round.tar"; cat "$work/big.tar.gz"; } > "$work/layer.gz"
  layout_add_layer "$dir" "$work/layer.gz" "$diff"
  layout_end "$dir" "r$1"
}

make_small() { # ROUND -> layout dir $work/small-layout, prints blob bytes
  local dir=$work/small-layout i diff
  layout_begin "$dir"
  mkdir -p "$work/s"
  for i in $(seq "$small_layers"); do
    head -c $((1 + RANDOM % 32768)) /dev/urandom > "$work/s/data.bin"
    tar -C "$work/s" --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$work/s.tar" data.bin
    diff=$(sha "$work/s.tar")
    gzip -1 -c "$work/s.tar" > "$work/s.gz"
    layout_add_layer "$dir" "$work/s.gz" "$diff"
  done
  layout_end "$dir" "r$1"
}

# --- rounds ------------------------------------------------------------------------------------
: > "$work/results" # image registry op seconds MB/s
copy_timed() { # IMAGE REGISTRY_INDEX ROUND LAYOUT_DIR BYTES
  local image=$1 i=$2 round=$3 dir=$4 bytes=$5 ref t0 t1 pulled
  local push_creds=() pull_creds=()
  if [ -n "${creds[$i]}" ]; then
    push_creds=(--dest-creds "${creds[$i]}")
    pull_creds=(--src-creds "${creds[$i]}")
  fi
  ref="docker://${hosts[$i]}/bench/$image-$(basename "$work" | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9')-r$round:1"
  sync
  t0=$(now)
  skopeo_copy "${push_creds[@]}" "oci:$dir:r$round" "$ref"
  t1=$(now)
  report "$image" "${names[$i]}" push "$t0" "$t1" "$bytes" "$round"
  pulled=$work/pulled
  rm -rf "$pulled"
  t0=$(now)
  skopeo_copy "${pull_creds[@]}" "$ref" "oci:$pulled:r$round"
  t1=$(now)
  report "$image" "${names[$i]}" pull "$t0" "$t1" "$bytes" "$round"
  local got
  got=$(sed 's/.*"digest":"\(sha256:[0-9a-f]*\)".*/\1/' "$pulled/index.json")
  [ "$got" = "$(cat "$dir/.manifest-digest")" ] || { echo "pulled manifest $got differs" >&2; exit 1; }
  rm -rf "$pulled"
}
report() { # IMAGE NAME OP T0 T1 BYTES ROUND
  local s rate
  s=$(awk "BEGIN { printf \"%.2f\", $5 - $4 }")
  rate=$(awk "BEGIN { printf \"%.2f\", $6 / ($5 - $4) / 1e6 }")
  printf 'round %s  %-6s %-10s %-4s %8s s %9s MB/s\n' "$7" "$1" "$2" "$3" "$s" "$rate"
  echo "$1 $2 $3 $s $rate" >> "$work/results"
}

for round in $(seq "$rounds"); do
  order=$(seq 0 $((${#names[@]} - 1)))
  [ $((round % 2)) = 0 ] && order=$(echo "$order" | tac)
  big_bytes=$(make_big "$round")
  small_bytes=$(make_small "$round")
  for i in $order; do
    copy_timed "big" "$i" "$round" "$work/big-layout" "$big_bytes"
    copy_timed "small" "$i" "$round" "$work/small-layout" "$small_bytes"
  done
done

# --- summary -----------------------------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { awk -v i="$1" -v n="$2" -v o="$3" -v c="$4" '$1 == i && $2 == n && $3 == o { print $c }' "$work/results" | median; }
echo
echo "medians of $rounds rounds (MB/s: 10^6 bytes of blobs per second); big: 1 layer of $big_mib MiB," \
  "small: $small_layers layers of 1 B..32 KiB"
printf '%-6s %-5s %12s %14s %10s %12s %17s\n' image op "reference s" "reference MB/s" "galley s" "galley MB/s" galley/reference
for image in big small; do
  for op in push pull; do
    rs=$(column "$image" reference "$op" 4)
    r=$(column "$image" reference "$op" 5)
    gs=$(column "$image" galley "$op" 4)
    g=$(column "$image" galley "$op" 5)
    ratio=
    [ -n "$g" ] && ratio=$(awk "BEGIN { printf \"%.2f\", $g / $r }")
    printf '%-6s %-5s %12s %14s %10s %12s %17s\n' "$image" "$op" "$rs" "$r" "$gs" "$g" "$ratio"
  done
done
echo "(galley/reference: ratio of MB/s; above 1, galley is faster)"
if [ -n "$auth_url" ]; then
  echo
  printf '%-6s %-5s %12s %17s %10s\n' image op "galley MB/s" "galley-auth MB/s" auth/open
  for image in big small; do
    for op in push pull; do
      g=$(column "$image" galley "$op" 5)
      a=$(column "$image" galley-auth "$op" 5)
      ratio=
      [ -n "$g" ] && ratio=$(awk "BEGIN { printf \"%.2f\", $a / $g }")
      printf '%-6s %-5s %12s %17s %10s\n' "$image" "$op" "$g" "$a" "$ratio"
    done
  done
  echo "(auth/open: ratio of MB/s, access control on to off; below 1, access control costs)"
fi
