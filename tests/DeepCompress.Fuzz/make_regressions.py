#!/usr/bin/env python3
"""Writes the handcrafted regression inputs (docs/fuzzing.md): hostile models found by reading the readers, kept
beside the fuzzers' findings and replayed by the Onnx tests' FuzzRegressionTests. Needs python3-onnx.

onnx-weight-dims-8gb.bin: a Gemm weight with dims [40000, 50000] (8 GB of float32) but 48 bytes of raw_data;
  the reader allocated the 8 GB array before comparing sizes.
onnx-weight-rank-9.bin: a Gemm weight [3, 4, 1, 1, 1, 1, 1, 1, 1]; `compress` ended in an ArgumentException
  (exit 1) from the container writer, whose limit is 8 dims.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper


def gemm_model(dims):
    weight = TensorProto(name="fc1.weight", data_type=TensorProto.FLOAT, dims=dims, raw_data=np.arange(12, dtype=np.float32).tobytes())
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["input", "fc1.weight"], ["output"], name="fc1", transB=1)],
        "regression",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3])],
        [weight])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_regressions")
    model.ir_version = 7
    return model.SerializeToString()


if __name__ == "__main__":
    out = sys.argv[1]
    for name, dims in (("onnx-weight-dims-8gb.bin", [40000, 50000]), ("onnx-weight-rank-9.bin", [3, 4] + [1] * 7)):
        with open(os.path.join(out, name), "wb") as f:
            f.write(gemm_model(dims))
