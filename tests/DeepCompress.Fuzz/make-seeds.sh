#!/usr/bin/env bash
# Rebuilds the seed corpora under corpus/ from small models: make_fc_model.py (samples/) and make_seed_models.py
# write the ONNX models, dcompress prunes, quantizes and compresses them. Needs python3-onnx and python3-numpy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dc() { "$root/dcompress" -q "$@"; }

"$python" "$root/samples/make_fc_model.py" "$work/fc.onnx" --outputs 8 --inputs 16
"$python" "$here/make_seed_models.py" "$work"

rm -rf "$here/corpus"
mkdir -p "$here/corpus/onnx" "$here/corpus/dcz"
cp "$work/fc.onnx" "$work/conv.onnx" "$work/if.onnx" "$work/loop.onnx" "$work/external.onnx" "$here/corpus/onnx/"
dc prune "$work/conv.onnx" --sparsity 0.5 -o "$here/corpus/onnx/conv-pruned.onnx"
dc quantize "$work/fc.onnx" --bits 2 -o "$here/corpus/onnx/fc-quantized.onnx"

dc compress "$work/fc.onnx" --sparsity 0.5 --bits 2 -o "$here/corpus/dcz/fc.dcz"
dc compress "$work/conv.onnx" --sparsity 0.3 --bits conv=3,fc=2 -o "$here/corpus/dcz/conv.dcz"
dc compress "$work/if.onnx" --sparsity 0.5 --bits 2 -o "$here/corpus/dcz/if.dcz"
dc compress "$work/loop.onnx" --sparsity 0.9 --bits 1 -o "$here/corpus/dcz/loop.dcz"
dc compress "$work/fc.onnx" --sparsity 0 --bits 4 --min-size 200 -o "$here/corpus/dcz/fc-raw.dcz"
ls -l "$here/corpus"/*
