#!/usr/bin/env bash
# Reproduces the LeNet-300-100 rows of docs/results.md with samples/results-pipeline.sh: two pruning stages with
# retraining (the second at the final densities), weight sharing, centroid fine-tuning, encoding. Two targets:
#   40x: the paper's densities (fc1 8%, fc2 9%, fc3 26%) and 6-bit weights (the paper's Table 2 row);
#   50x: fc1 6%, fc2 7%, fc3 25% and 5-bit weights;
#   gradual: the paper's densities reached in three stages (20% -> 12% -> 8% in fc1) and 5-bit weights.
# Every configuration starts with the same first stage (same command, deterministic), so RESUME=1 runs may copy it.
# The same two schedules with knowledge distillation from the original (finetune --teacher, T 4, A 0.9) and training
# on all 60,000 images (no validation hold-out; the schedule is fixed, the test error is only reported):
#   40x-kd, 50x-kd; 40x-all: the 40x schedule on all 60,000 images without distillation (separates the two levers).
# With random shifts of up to 2 pixels (finetune --augment-shift 2), all 60,000 images, no distillation, 5 bits:
#   40x-aug (the 40x densities), 50x-aug (the 50x densities), and dense-aug: the same epochs and augmentation on the
#   unpruned model (no weight sharing), to show how much of the result is the recipe rather than the compression.
# Run samples/fetch-data.sh first. Usage: samples/results-lenet300.sh [OUTDIR] [40x|50x|gradual|40x-kd|50x-kd|40x-all|40x-aug|50x-aug|dense-aug|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/.build/results-lenet300}"
which="${2:-all}"
pipeline() { echo "== LeNet-300-100, $1"; "$root/samples/results-pipeline.sh" "$root/models/lenet-300-100.onnx" "$root/data/mnist" "$out/$1"; }
half="fc1.weight=0.8,fc2.weight=0.8,fc3.weight=0.5:4:0.01"
if [ "$which" = all ] || [ "$which" = 40x ]; then
  STAGES="$half fc1.weight=0.92,fc2.weight=0.91,fc3.weight=0.74:10:0.01" BITS=6 CENTROID_EPOCHS=2 pipeline 40x
fi
if [ "$which" = all ] || [ "$which" = 50x ]; then
  STAGES="$half fc1.weight=0.94,fc2.weight=0.93,fc3.weight=0.75:10:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline 50x
fi
if [ "$which" = all ] || [ "$which" = gradual ]; then
  STAGES="$half fc1.weight=0.88,fc2.weight=0.87,fc3.weight=0.65:4:0.01 fc1.weight=0.92,fc2.weight=0.91,fc3.weight=0.74:6:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline gradual
fi
if [ "$which" = all ] || [ "$which" = 40x-kd ]; then
  VALIDATION=0 DISTILL=1 STAGES="$half fc1.weight=0.92,fc2.weight=0.91,fc3.weight=0.74:10:0.01" BITS=6 CENTROID_EPOCHS=2 pipeline 40x-kd
fi
if [ "$which" = all ] || [ "$which" = 50x-kd ]; then
  VALIDATION=0 DISTILL=1 STAGES="$half fc1.weight=0.94,fc2.weight=0.93,fc3.weight=0.75:10:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline 50x-kd
fi
if [ "$which" = all ] || [ "$which" = 40x-all ]; then
  VALIDATION=0 STAGES="$half fc1.weight=0.92,fc2.weight=0.91,fc3.weight=0.74:10:0.01" BITS=6 CENTROID_EPOCHS=2 pipeline 40x-all
fi
if [ "$which" = all ] || [ "$which" = 40x-aug ]; then
  VALIDATION=0 AUGMENT=2 STAGES="$half fc1.weight=0.92,fc2.weight=0.91,fc3.weight=0.74:10:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline 40x-aug
fi
if [ "$which" = all ] || [ "$which" = 50x-aug ]; then
  VALIDATION=0 AUGMENT=2 STAGES="$half fc1.weight=0.94,fc2.weight=0.93,fc3.weight=0.75:10:0.01" BITS=5 CENTROID_EPOCHS=2 pipeline 50x-aug
fi
if [ "$which" = all ] || [ "$which" = dense-aug ]; then
  dense="fc1.weight=0,fc2.weight=0,fc3.weight=0"
  VALIDATION=0 AUGMENT=2 STAGES="$dense:4:0.01 $dense:10:0.01" BITS=none pipeline dense-aug
fi
