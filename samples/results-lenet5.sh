#!/usr/bin/env bash
# Reproduces the LeNet-5 rows of docs/results.md (MNIST, or Fashion-MNIST with DATASET=fashion-mnist) with
# samples/results-pipeline.sh: a half-way pruning stage (2 epochs), then conv1 66%, conv2 10%, fc1 5%, fc2 19%
# density with retraining (STAGE2_EPOCHS, default 2), 5-bit weights in every layer, centroid fine-tuning
# (CENTROID_EPOCHS, default 1), encoding.
# Run samples/fetch-data.sh first. Usage: samples/results-lenet5.sh [OUTDIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dataset="${DATASET:-mnist}"
case "$dataset" in
  fashion-mnist) model="$root/models/lenet-5-fashion.onnx" ;;
  *) model="$root/models/lenet-5.onnx" ;;
esac
out="${1:-$root/.build/results-lenet5-$dataset}"
echo "== LeNet-5, $dataset"
STAGES="conv1.weight=0.2,conv2.weight=0.6,fc1.weight=0.7,fc2.weight=0.5:2:0.01 conv1.weight=0.34,conv2.weight=0.9,fc1.weight=0.95,fc2.weight=0.81:${STAGE2_EPOCHS:-2}:0.01" \
  BITS=5 CENTROID_EPOCHS="${CENTROID_EPOCHS:-1}" "$root/samples/results-pipeline.sh" "$model" "$root/data/$dataset" "$out"
