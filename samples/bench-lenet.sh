#!/usr/bin/env bash
# Inference benchmark of LeNet-300-100 compressed as in Han et al. (weights kept: fc1 8%, fc2 9%, fc3 26%; 6-bit
# codebooks) against ONNX Runtime dense on the original model, batch 1 and 16, one thread, run twice: on seeded
# random inputs (every pixel nonzero, so the engine never skips a zero input), then on the first MNIST test images
# (about 81% zero pixels: the batch-1 column walk skips them). Both tables are printed, each headed by its input.
# Usage: samples/bench-lenet.sh [extra dcompress bench options, e.g. --json or --seconds 5]
# Artifacts go to $BENCH_DIR (default /tmp/dcompress-bench); MNIST comes from samples/fetch-data.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/dcompress-bench}"
mnist="$root/data/mnist/t10k-images-idx3-ubyte"
mkdir -p "$work"
[ -f "$mnist" ] || "$root/samples/fetch-data.sh"
"$root/dcompress" compress "$root/models/lenet-300-100.onnx" -o "$work/lenet-300-100.dcz" --quiet \
  --layer-sparsity fc1.weight=0.92 --layer-sparsity fc2.weight=0.91 --layer-sparsity fc3.weight=0.74 --bits 6
bench=("$root/dcompress" bench "$work/lenet-300-100.dcz" --baseline "$root/models/lenet-300-100.onnx" --batch 1,16 --threads 1)
echo "== random inputs (seeded, uniform in [0, 1)) =="
"${bench[@]}" "$@"
echo "== MNIST test images (batch N: the first N of $mnist) =="
"${bench[@]}" --input "$mnist" "$@"
