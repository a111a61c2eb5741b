#!/usr/bin/env bash
# Times gen4j studio's generation endpoints on a run: the first 16-image grid (the checkpoint's load
# included), warm 16-image grids, and a 16-frame interpolation (frames=15 gives 16 images).
# Usage: scripts/studio-speed.sh RUNS_DIR RUN_NAME [REPEATS]
set -euo pipefail
runs=$1 run=$2 repeats=${3:-5}
cd "$(dirname "$0")/.."
log=$(mktemp)
./gen4j studio --runs "$runs" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 120); do grep -q 'token=' "$log" && break; sleep 1; done
url=$(grep -o 'http://[^ ]*token=[0-9a-f]*' "$log")
base=${url%%/?token=*}
token=${url##*token=}
t() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/api/runs/$run/$1&token=$token"; }
echo "first grid (load included): $(t 'grid?seeds=0-15')"
for i in $(seq "$repeats"); do echo "warm grid $i: $(t "grid?seeds=$((16 * i))-$((16 * i + 15))")"; done
for i in $(seq "$repeats"); do echo "interpolation of 16 frames $i: $(t "interpolate?from=$i&to=$((i + 1))&frames=15")"; done
