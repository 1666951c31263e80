#!/usr/bin/env python3
"""Writes the small ONNX models the fuzzing seeds start from (make-seeds.sh turns them into seeds with dcompress).

conv.onnx: Conv -> Relu -> Flatten -> Gemm; if.onnx: an If whose branches hold Gemm weights; loop.onnx: a Loop
body with a MatMul weight; external.onnx: a Gemm whose weight lives in external.data (the file name the ONNX
harness places beside every input). Weights are seeded, so the files are the same on every run.
Needs python3-onnx and python3-numpy (Debian packages).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(0)


def weight(name, *shape):
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def save(graph, path, opset=13):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_seed_models")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


def conv(out):
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], name="conv", kernel_shape=[3, 3]),
         helper.make_node("Relu", ["c"], ["r"], name="relu"),
         helper.make_node("Flatten", ["r"], ["f"], name="flatten"),
         helper.make_node("Gemm", ["f", "fc.weight"], ["y"], name="fc", transB=1)],
        "conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 5, 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
        [weight("conv.weight", 2, 1, 3, 3), weight("conv.bias", 2), weight("fc.weight", 4, 18)])
    save(graph, os.path.join(out, "conv.onnx"))


def branch(name):
    return helper.make_graph(
        [helper.make_node("Gemm", ["x", name + ".weight"], [name + ".y"], name=name, transB=1)],
        name, [], [helper.make_tensor_value_info(name + ".y", TensorProto.FLOAT, [1, 3])], [weight(name + ".weight", 3, 4)])


def if_model(out):
    graph = helper.make_graph(
        [helper.make_node("If", ["cond"], ["y"], name="if0", then_branch=branch("then"), else_branch=branch("else"))],
        "if",
        [helper.make_tensor_value_info("cond", TensorProto.BOOL, []), helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])])
    save(graph, os.path.join(out, "if.onnx"))


def loop_model(out):
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"], name="keep"),
         helper.make_node("MatMul", ["state_in", "body.weight"], ["m"], name="body.matmul"),
         helper.make_node("Tanh", ["m"], ["state_out"], name="tanh")],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []), helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("state_in", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []), helper.make_tensor_value_info("state_out", TensorProto.FLOAT, [1, 4])],
        [weight("body.weight", 4, 4)])
    graph = helper.make_graph(
        [helper.make_node("Loop", ["trip_count", "keep_going", "x"], ["y"], name="loop0", body=body)],
        "loop",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
        [numpy_helper.from_array(np.array(3, dtype=np.int64), "trip_count"), numpy_helper.from_array(np.array(True), "keep_going")])
    save(graph, os.path.join(out, "loop.onnx"))


def external_model(out):
    # The weight takes the first 4 x 8 x 4 = 128 bytes of the harness's external.data (bytes 0, 1, 2, ...).
    tensor = TensorProto(name="fc.weight", data_type=TensorProto.FLOAT, dims=[4, 8])
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "external.data"), ("offset", "0"), ("length", "128")):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "fc.weight"], ["y"], name="fc", transB=1)],
        "external",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
        [tensor])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_seed_models")
    model.ir_version = 7
    with open(os.path.join(out, "external.onnx"), "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    target = sys.argv[1]
    conv(target)
    if_model(target)
    loop_model(target)
    external_model(target)
