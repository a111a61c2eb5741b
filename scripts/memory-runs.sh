#!/usr/bin/env bash
# Long-run memory check: `gen4j bench` for every model, with 100 untimed warm-up iterations (the
# allocators' caches fill over the first 50-100) and then ITERS timed ones, on tiny networks so the
# run takes minutes; a leak of tensors or handles grows per iteration whatever the sizes. Prints one
# Markdown row per model: iteration time, resident memory (the medians of the first and last tenth
# of the timed iterations, and the peak) and the live Java heap after a full collection before and
# after the timed iterations.
# Usage: scripts/memory-runs.sh [ITERS, default 1000] [MODEL ...]   (GEN4J=path/to/launcher)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
iters="${1:-1000}"
shift || true
g4="${GEN4J:-./gen4j}"
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  mapfile -t models < <("$g4" models | tail -n +2 | cut -d' ' -f1)
fi
echo "| model | size | iterations | ms/iteration | RSS first tenth -> last tenth (MB) | RSS peak (MB) | live heap before -> after (MB) |"
echo "|---|---|---|---|---|---|---|"
status=0
for m in "${models[@]}"; do
  # the SN-ResNet models are built for 32x32 and up; the others run at 16x16
  res=16
  case "$m" in sagan|biggan|biggan-deep|adcgan|logan|icgan|unetgan|csgan|wgan|wgan-gp) res=32 ;; esac
  # IC-GAN's instance features come from the built-in feature network, which takes grayscale images
  ch=3
  [ "$m" = icgan ] && ch=1
  out=$("$g4" bench --model "$m" --resolution "$res" --channels 16 --batch 4 --image-channels "$ch" --warmup 100 --iters "$iters" --json 2>&1 | tail -1)
  if ! row=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
print("| %s | %dx%d, 16 maps, batch 4 | %d | %.0f | %.0f -> %.0f (%+.0f) | %.0f | %.1f -> %.1f |" % (d["model"], d["resolution"],
      d["resolution"], d["iters"], d["train_iter_ms"], d["rss_mb_first_tenth"], d["rss_mb_last_tenth"], d["rss_drift_mb"],
      d["rss_mb_peak"], d["heap_mb_before"], d["heap_mb_after"]))' 2>/dev/null); then
    echo "| $m | failed: ${out:0:200} |"
    status=1
    continue
  fi
  echo "$row"
done
exit $status
