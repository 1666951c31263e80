#!/usr/bin/env bash
# Reproduces the LeNet-300-100 rows of docs/results.md: original error (ORT and our engine), pruning to the
# paper's densities (fc1 8%, fc2 9%, fc3 26%) without and with retraining, 6-bit weight sharing without and with
# centroid fine-tuning, and the final .dcz size. Run samples/fetch-data.sh first. Usage: samples/results-lenet300.sh [OUTDIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/.build/results-lenet300}"
data="$root/data/mnist"
dc="$root/dcompress"
mkdir -p "$out"
run() { echo "\$ $*"; "$@"; }

run "$dc" eval "$root/models/lenet-300-100.onnx" --data "$data" --engine ort -q
run "$dc" eval "$root/models/lenet-300-100.onnx" --data "$data" --engine sparse -q
run "$dc" prune "$root/models/lenet-300-100.onnx" -o "$out/pruned.onnx" --layer fc1.weight=0.92 --layer fc2.weight=0.91 --layer fc3.weight=0.74 -q
run "$dc" eval "$out/pruned.onnx" --data "$data" -q
run "$dc" finetune "$out/pruned.onnx" --data "$data" -o "$out/pruned-retrained.onnx" --epochs 3 --lr 0.01 --seed 0
run "$dc" eval "$out/pruned-retrained.onnx" --data "$data" -q
run "$dc" quantize "$out/pruned-retrained.onnx" -o "$out/quantized.onnx" --bits 6 -q
run "$dc" eval "$out/quantized.onnx" --data "$data" -q
run "$dc" finetune "$out/quantized.onnx" --data "$data" -o "$out/quantized-tuned.onnx" --epochs 1 --lr "${CENTROID_LR:-0.001}" --seed 0 --bits 6
run "$dc" eval "$out/quantized-tuned.onnx" --data "$data" -q
run "$dc" encode "$out/quantized-tuned.onnx" -o "$out/lenet-300-100.dcz" --bits 6 -q
run "$dc" eval "$out/lenet-300-100.dcz" --data "$data" --engine ort -q
run "$dc" info "$out/lenet-300-100.dcz"
