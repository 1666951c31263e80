#!/usr/bin/env bash
# The paper's pipeline on one model, every step a dcompress command printed before its output: iterative pruning
# with retraining, weight sharing, centroid fine-tuning, encoding. Hyper-parameters come from the environment (the
# results-*.sh scripts set them); fine-tuning trains on all but the last VALIDATION training examples and reports
# its per-epoch error on those (VALIDATION=0: it trains on all of them and prints the test error per epoch, which the
# fixed schedule never acts on); nothing is chosen on the test set; the test set is evaluated after each step.
#
# Usage: samples/results-pipeline.sh MODEL DATA_DIR OUT_DIR
#   STAGES            space-separated pruning stages "SPARSITIES:EPOCHS:LR", SPARSITIES = name=s,name=s,... ;
#                     each stage prunes the previous stage's retrained model and retrains it (required)
#   BITS              quantize/encode --bits (required), e.g. 6 or conv=5,fc=5
#   CENTROID_EPOCHS   centroid fine-tuning epochs (default 1; 0 skips it)
#   CENTROID_LR       centroid fine-tuning learning rate (default 0.001)
#   BATCH             fine-tuning batch size (default 64)
#   VALIDATION        training examples held out for validation (default 5000; 0: train on every example)
#   DISTILL=1         every fine-tuning step distils from MODEL (finetune --teacher MODEL)
#   TEMPERATURE, DISTILL_WEIGHT  finetune --temperature / --distill-weight with DISTILL=1 (default: finetune's)
#   AUGMENT           finetune --augment-shift (random shifts of up to AUGMENT pixels; default 0: none)
#   BITS=none         stop after the stages (no weight sharing): the control run of a recipe on the dense model,
#                     whose stages then prune nothing (SPARSITIES all 0)
#   THREADS           fine-tuning threads (default 1; results are identical for any value)
#   DCOMPRESS         the dcompress to run (default: the repository's launcher)
#   RESUME=1          keep fine-tuned models OUT_DIR already holds instead of training them again (every step is
#                     deterministic, so a resumed run prints the same numbers as an uninterrupted one)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"
data="$2"
out="$3"
dc="${DCOMPRESS:-$root/dcompress}"
: "${STAGES:?set STAGES}" "${BITS:?set BITS}"
batch="${BATCH:-64}"
validation="${VALIDATION:-5000}"
threads="${THREADS:-1}"
mkdir -p "$out"
run() { echo "\$ $*"; "$@"; }
tune() {
  local input="$1" output="$3"
  if [ "${RESUME:-0}" = 1 ] && [ -s "$output" ]; then
    echo "# RESUME=1: keeping $output (fine-tuned from $input by an earlier run)"
    return
  fi
  local extra=()
  [ "$validation" = 0 ] || extra+=(--validation-count "$validation")
  [ "${AUGMENT:-0}" = 0 ] || extra+=(--augment-shift "$AUGMENT")
  if [ "${DISTILL:-0}" = 1 ]; then
    extra+=(--teacher "$model")
    [ -z "${TEMPERATURE:-}" ] || extra+=(--temperature "$TEMPERATURE")
    [ -z "${DISTILL_WEIGHT:-}" ] || extra+=(--distill-weight "$DISTILL_WEIGHT")
  fi
  run "$dc" finetune "$@" --data "$data" "${extra[@]}" --batch-size "$batch" --seed 0 --threads "$threads"
}
evaluate() { run "$dc" eval "$1" --data "$data" -q; }

evaluate "$model"
current="$model"
stage=0
for spec in $STAGES; do
  stage=$((stage + 1))
  IFS=: read -r sparsities epochs rate <<<"$spec"
  layers=()
  IFS=, read -ra pairs <<<"$sparsities"
  for pair in "${pairs[@]}"; do layers+=(--layer "$pair"); done
  run "$dc" prune "$current" -o "$out/stage$stage-pruned.onnx" "${layers[@]}" -q
  evaluate "$out/stage$stage-pruned.onnx"
  tune "$out/stage$stage-pruned.onnx" -o "$out/stage$stage-retrained.onnx" --epochs "$epochs" --lr "$rate"
  evaluate "$out/stage$stage-retrained.onnx"
  current="$out/stage$stage-retrained.onnx"
done

if [ "$BITS" = none ]; then
  echo "BITS=none: $current is the result (no weight sharing, no encoding)"
  exit 0
fi

run "$dc" quantize "$current" -o "$out/quantized.onnx" --bits "$BITS" -q
evaluate "$out/quantized.onnx"
final="$out/quantized.onnx"
if [ "${CENTROID_EPOCHS:-1}" -gt 0 ]; then
  tune "$out/quantized.onnx" -o "$out/quantized-tuned.onnx" --epochs "${CENTROID_EPOCHS:-1}" --lr "${CENTROID_LR:-0.001}" --quantized
  evaluate "$out/quantized-tuned.onnx"
  final="$out/quantized-tuned.onnx"
fi

run "$dc" encode "$final" -o "$out/model.dcz" --bits "$BITS" -q
run "$dc" eval "$out/model.dcz" --data "$data" --engine sparse -q
run "$dc" eval "$out/model.dcz" --data "$data" --engine ort -q
run "$dc" info "$out/model.dcz"
echo "file to file: $(stat -c %s "$model") -> $(stat -c %s "$out/model.dcz") bytes, $(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$model") / $(stat -c %s "$out/model.dcz") }")x"
