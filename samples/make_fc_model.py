#!/usr/bin/env python3
"""Writes a one-layer dense ONNX model y = x W^T + b (Gemm, transB=1) for inference benchmarks.

Default shape: VGG-16's fc6, 4096 outputs x 25088 inputs (411 MB of float32 weights). Weights are seeded
Gaussian with std 1/sqrt(inputs), so the model is the same on every run. The batch dimension is symbolic.

Usage: make_fc_model.py OUT.onnx [--outputs 4096] [--inputs 25088] [--seed 0]
Needs python3-onnx and python3-numpy (Debian packages).
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--outputs", type=int, default=4096)
    parser.add_argument("--inputs", type=int, default=25088)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    weight = (rng.standard_normal((args.outputs, args.inputs), dtype=np.float32) / np.sqrt(args.inputs)).astype(np.float32)
    bias = (rng.standard_normal(args.outputs, dtype=np.float32) * 0.01).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["input", "fc.weight", "fc.bias"], ["output"], name="fc", transB=1)],
        "fc",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", args.inputs])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", args.outputs])],
        [numpy_helper.from_array(weight, "fc.weight"), numpy_helper.from_array(bias, "fc.bias")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="samples/make_fc_model.py")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, args.output)


if __name__ == "__main__":
    main()
