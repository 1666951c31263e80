#!/usr/bin/env python3
"""Writes a VGG-16-shaped ONNX model (138,357,544 parameters, random weights) with its tensors in one external data file.

13 Conv 3x3 (+Relu, 5 MaxPool) and fc6 25088x4096, fc7 4096x4096, fc8 4096x1000 as Gemm (transB=1), input
[batch, 3, 224, 224]. Weights are seeded Gaussian with He std sqrt(2 / fan_in), biases 0.01 x Gaussian, so the
model is the same on every run. Each tensor is written straight to OUT.onnx.data (4096-aligned offsets, the layout
onnx.save uses) and dropped, so the script needs about one layer of memory, not the whole model (553 MB).

--width-divisor D divides every channel count and fc width by D (fc6 input stays 7x7 x channels): a small model of
the same depth for tests and quick checks (D=4: 8.7M parameters, 35 MB).

Usage: make_vgg16.py OUT.onnx [--seed 0] [--width-divisor 1]
Needs numpy and onnx (Debian python3-onnx; /usr/bin/python3 on the team's machine).
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

ALIGNMENT = 4096
# Output channels of the 13 convolutions; "M" is a 2x2 max pool with stride 2.
VGG16_FEATURES = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def external_tensor(data_file, location, name, array):
    """Appends array to the data file at the next aligned offset and returns a TensorProto pointing at it."""
    offset = data_file.tell()
    padding = (-offset) % ALIGNMENT
    data_file.write(b"\0" * padding)
    offset += padding
    raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
    data_file.write(raw)
    tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=list(array.shape))
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", str(offset)), ("length", str(len(raw)))):
        tensor.external_data.add(key=key, value=value)
    return tensor


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--width-divisor", type=int, default=1)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    location = os.path.basename(args.output) + ".data"
    data_path = os.path.join(os.path.dirname(os.path.abspath(args.output)), location)
    nodes, initializers = [], []
    current, channels, parameters = "input", 3, 0

    def add(name, shape, std):
        nonlocal parameters
        array = (rng.standard_normal(shape, dtype=np.float32) * np.float32(std)).astype(np.float32)
        initializers.append(external_tensor(data_file, location, name, array))
        parameters += array.size

    with open(data_path, "wb") as data_file:
        conv, pool = 0, 0
        for item in VGG16_FEATURES:
            if item == "M":
                pool += 1
                nodes.append(helper.make_node("MaxPool", [current], [f"pool{pool}"], name=f"pool{pool}", kernel_shape=[2, 2], strides=[2, 2]))
                current = f"pool{pool}"
                continue
            conv += 1
            out_channels = item // args.width_divisor
            add(f"conv{conv}.weight", (out_channels, channels, 3, 3), np.sqrt(2.0 / (channels * 9)))
            add(f"conv{conv}.bias", (out_channels,), 0.01)
            nodes.append(helper.make_node("Conv", [current, f"conv{conv}.weight", f"conv{conv}.bias"], [f"conv{conv}"], name=f"conv{conv}", kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
            nodes.append(helper.make_node("Relu", [f"conv{conv}"], [f"relu{conv}"], name=f"relu{conv}"))
            current, channels = f"relu{conv}", out_channels

        nodes.append(helper.make_node("Flatten", [current], ["flat"], name="flatten", axis=1))
        current, width = "flat", channels * 7 * 7
        fc_widths = [4096 // args.width_divisor, 4096 // args.width_divisor, 1000]
        for index, outputs in enumerate(fc_widths, start=6):
            add(f"fc{index}.weight", (outputs, width), np.sqrt(2.0 / width))
            add(f"fc{index}.bias", (outputs,), 0.01)
            output = "output" if index == 8 else f"fc{index}"
            nodes.append(helper.make_node("Gemm", [current, f"fc{index}.weight", f"fc{index}.bias"], [output], name=f"fc{index}", transB=1))
            if index < 8:
                nodes.append(helper.make_node("Relu", [output], [f"relu_fc{index}"], name=f"relu_fc{index}"))
                current = f"relu_fc{index}"
            width = outputs

    graph = helper.make_graph(
        nodes,
        "vgg16",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 1000])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="samples/make_vgg16.py")
    model.ir_version = 7
    with open(args.output, "wb") as model_file:
        model_file.write(model.SerializeToString())
    # By path, so the checker resolves the external data beside the model.
    onnx.checker.check_model(args.output)
    print(f"{args.output}: {parameters} parameters, data in {data_path}")


if __name__ == "__main__":
    main()
