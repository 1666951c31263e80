#!/usr/bin/env bash
# Break-even density of the fc6 shape (4096 x 25088, 5-bit codebooks): for each density, compress, run
# `dcompress bench --json`, and print our latency, ONNX Runtime's (dense, original model) and the speedup at
# batch 1 and 16. Sparse stops paying where the speedup falls below 1.
# Usage: samples/bench-breakeven.sh [densities in %, default "1 2 4 7 10 15 20 30 50"]
# Needs python3 with onnx and numpy for the model (PYTHON=/usr/bin/python3 if another comes first on PATH).
# Environment: SECONDS_PER_CASE (default 1), THREADS (default 1), BENCH_DIR (default /tmp/dcompress-bench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/dcompress-bench}"
densities="${1:-1 2 4 7 10 15 20 30 50}"
mkdir -p "$work"
[ -f "$work/fc6.onnx" ] || "${PYTHON:-python3}" "$root/samples/make_fc_model.py" "$work/fc6.onnx"
for density in $densities; do
  sparsity="$(python3 -c "print(1 - $density / 100)")"
  "$root/dcompress" compress "$work/fc6.onnx" -o "$work/sweep.dcz" --sparsity "$sparsity" --bits 5 --quiet
  "$root/dcompress" bench "$work/sweep.dcz" --baseline "$work/fc6.onnx" --batch 1,16 --threads "${THREADS:-1}" \
    --seconds "${SECONDS_PER_CASE:-1}" --json --quiet > "$work/sweep-d$density.json"
done
python3 - "$work" $densities <<'PY'
import json, sys
work, densities = sys.argv[1], sys.argv[2:]
print(f"{'density':>8} {'batch':>5} {'ours ms':>9} {'ORT ms':>9} {'speedup':>8}")
for d in densities:
    report = json.load(open(f"{work}/sweep-d{d}.json"))
    for case in report["cases"]:
        print(f"{d + '%':>8} {case['batch']:>5} {case['ours']['median_ms']:>9.3f} {case['ort_original']['median_ms']:>9.3f} {case['speedup_vs_ort']:>7.2f}x")
PY
