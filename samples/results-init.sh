#!/usr/bin/env bash
# The paper's Figure 8 on the LeNets: top-1 test error after weight sharing alone (no pruning, no fine-tuning) with
# linear, Forgy and density-based centroid initialisation, at several bit widths (the same width in every layer).
# Prints each command, then one table per model. Run samples/fetch-data.sh first.
# Usage: samples/results-init.sh [OUTDIR] [BITS...]   (default bits: 2 3 4 5 6)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/.build/results-init}"
shift || true
widths=("${@:-2 3 4 5 6}")
read -ra widths <<<"${widths[*]}"
dc="${DCOMPRESS:-$root/dcompress}"
mkdir -p "$out"
for name in lenet-300-100 lenet-5; do
  rows=()
  for bits in "${widths[@]}"; do
    row="$bits"
    for init in linear forgy density; do
      quantized="$out/$name-$bits-$init.onnx"
      echo "\$ $dc quantize $root/models/$name.onnx -o $quantized --bits $bits --init $init -q; $dc eval $quantized --data $root/data/mnist -q --json"
      "$dc" quantize "$root/models/$name.onnx" -o "$quantized" --bits "$bits" --init "$init" -q >/dev/null
      errors="$("$dc" eval "$quantized" --data "$root/data/mnist" -q --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["top1_errors"])')"
      row="$row | $(awk "BEGIN { printf \"%.2f%% (%d)\", $errors / 100, $errors }")"
    done
    rows+=("| $row |")
  done
  echo
  echo "$name (top-1 test error, 10,000 images)"
  echo "| bits | linear | Forgy | density |"
  echo "|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
done
