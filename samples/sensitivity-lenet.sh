#!/usr/bin/env bash
# Reproduces the "Sensitivity" and "compress --data" sections of docs/results.md: per-layer pruning sensitivity of
# LeNet-300-100 and LeNet-5 on MNIST (no retraining, our engine, full t10k set), the LeNet-300-100 plot, and the
# paper's whole pipeline on LeNet-300-100 in one `compress --data` run. Run samples/fetch-data.sh first.
# Usage: samples/sensitivity-lenet.sh [OUTDIR]   (THREADS=N to use more engine/training threads; results do not change)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/.build/sensitivity-lenet}"
data="$root/data/mnist"
dc="$root/dcompress"
threads="${THREADS:-1}"
mkdir -p "$out"
run() { echo "\$ $*"; "$@"; }

run "$dc" sensitivity "$root/models/lenet-300-100.onnx" --data "$data" --max-error-increase 0.5 --threads "$threads" \
    --plot "$out/sensitivity-lenet-300-100.png" -q
run "$dc" sensitivity "$root/models/lenet-5.onnx" --data "$data" --max-error-increase 0.5 --threads "$threads" \
    --plot "$out/sensitivity-lenet-5.png" -q
run "$dc" compress "$root/models/lenet-300-100.onnx" -o "$out/lenet-300-100.dcz" --data "$data" \
    --sparsity 0.92 --layer-sparsity fc2.weight=0.91 --layer-sparsity fc3.weight=0.74 --bits 6 \
    --prune-steps 3 --retrain-epochs 2 --centroid-epochs 1 --lr 0.01 --seed 0 --threads "$threads"
run "$dc" eval "$out/lenet-300-100.dcz" --data "$data" --engine ort -q
