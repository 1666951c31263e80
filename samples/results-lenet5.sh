#!/usr/bin/env bash
# Reproduces the LeNet-5 rows of docs/results.md (MNIST, or Fashion-MNIST with DATASET=fashion-mnist) with
# samples/results-pipeline.sh: a half-way pruning stage, then conv1 66%, conv2 10%, fc1 5%, fc2 19% density with
# retraining, 5-bit weights in every layer, centroid fine-tuning, encoding. Configurations (second argument):
#   holdout (default): 2 epochs per stage (STAGE2_EPOCHS), centroids 1 epoch (CENTROID_EPOCHS), 55,000 training
#     images with 5,000 held out for validation: the first session's run;
#   aug: all 60,000 training images, random shifts of up to 2 pixels (finetune --augment-shift 2), 2 epochs, then
#     8 at the final densities, centroids 2 epochs;
#   all: the aug recipe without the shifts (60,000 images, 2 + 8 epochs, centroids 2 epochs);
#   dense-aug: the aug recipe's 2 + 8 epochs on the unpruned model (no weight sharing), to show how much of the
#     result is the recipe rather than the compression.
# Run samples/fetch-data.sh first. Usage: samples/results-lenet5.sh [OUTDIR] [holdout|aug|all|dense-aug]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dataset="${DATASET:-mnist}"
case "$dataset" in
  fashion-mnist) model="$root/models/lenet-5-fashion.onnx" ;;
  *) model="$root/models/lenet-5.onnx" ;;
esac
config="${2:-holdout}"
out="${1:-$root/.build/results-lenet5-$dataset}"
half="conv1.weight=0.2,conv2.weight=0.6,fc1.weight=0.7,fc2.weight=0.5"
final="conv1.weight=0.34,conv2.weight=0.9,fc1.weight=0.95,fc2.weight=0.81"
dense="conv1.weight=0,conv2.weight=0,fc1.weight=0,fc2.weight=0"
pipeline() { "$root/samples/results-pipeline.sh" "$model" "$root/data/$dataset" "$out"; }
echo "== LeNet-5, $dataset, $config"
case "$config" in
  holdout) STAGES="$half:2:0.01 $final:${STAGE2_EPOCHS:-2}:0.01" BITS=5 CENTROID_EPOCHS="${CENTROID_EPOCHS:-1}" pipeline ;;
  aug) VALIDATION=0 AUGMENT=2 STAGES="$half:2:0.01 $final:8:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline ;;
  all) VALIDATION=0 STAGES="$half:2:0.01 $final:8:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline ;;
  dense-aug) VALIDATION=0 AUGMENT=2 STAGES="$dense:2:0.01 $dense:8:0.01" BITS=none pipeline ;;
  *) echo "unknown configuration '$config' (holdout, aug, all, dense-aug)" >&2; exit 2 ;;
esac
