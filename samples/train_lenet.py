#!/usr/bin/env python3
"""Trains the reference models for DeepCompress and exports them to ONNX.

Models (input [N,1,28,28] float32, pixel/255, no mean/std shift; output "logits" [N,10]):
  lenet-300-100  784-300-100-10 fully connected, ReLU (the model flattens its input itself)
  lenet-5        Caffe's LeNet: conv 20 5x5, maxpool 2x2, conv 50 5x5, maxpool 2x2, fc 500 + ReLU, fc 10

Runs on one CPU thread with fixed seeds, so the same command gives the same weights on the same
torch build. Uses Debian's python3-torch (1.13) and python3-onnx (1.12): run it with /usr/bin/python3.

Example:
  nice -n 10 /usr/bin/python3 samples/train_lenet.py --model lenet-5 --dataset mnist --out models/lenet-5.onnx
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SCALE = "0.00392156862745098"  # 1/255, written verbatim into the model's metadata
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class LeNet300100(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 300)
        self.fc2 = nn.Linear(300, 100)
        self.fc3 = nn.Linear(100, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class LeNet5(nn.Module):
    """Caffe's lenet_train_test.prototxt shapes: no activation after the convolutions."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(50 * 4 * 4, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 2)
        x = F.max_pool2d(self.conv2(x), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


MODELS = {"lenet-300-100": LeNet300100, "lenet-5": LeNet5}


def read_idx(path):
    """Reads an uncompressed or gzipped IDX file of unsigned bytes into a numpy array."""
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {raw[:4].hex()})")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(raw) - offset != count:
        raise ValueError(f"{path}: {len(raw) - offset} data bytes, dims {dims} need {count}")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)


def load_split(directory, prefix):
    images = read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) * np.float32(1.0 / 255.0)).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def evaluate(model, x, y, batch=1000):
    model.eval()
    wrong = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            wrong += (model(x[i:i + batch]).argmax(1) != y[i:i + batch]).sum().item()
    return wrong


def export(model, path, dataset):
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(
        model, dummy, path, opset_version=13, export_params=True, do_constant_folding=True,
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    proto = onnx.load(path)
    props = {
        "dcompress.input_scale": INPUT_SCALE,
        "dcompress.input_mean": "0",
        "dcompress.input_std": "1",
        "dcompress.dataset": dataset,
    }
    del proto.metadata_props[:]
    for key, value in props.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto, full_check=True)
    expected = {name for name, _ in model.named_parameters()}
    found = {init.name for init in proto.graph.initializer}
    if not expected <= found:
        raise RuntimeError(f"{path}: initializers {sorted(found)} lack {sorted(expected - found)}")
    onnx.save(proto, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--dataset", choices=["mnist", "fashion-mnist"], default="mnist")
    parser.add_argument("--data", help="IDX directory (default: <repo>/data/<dataset>)")
    parser.add_argument("--out", required=True, help="ONNX file to write")
    parser.add_argument("--epochs", type=int, default=None, help="default: 20 for lenet-300-100, 8 for lenet-5")
    parser.add_argument("--batch", type=int, default=None, help="default: 64 for lenet-300-100, 128 for lenet-5")
    parser.add_argument("--lr", type=float, default=0.05, help="initial learning rate, cosine-annealed to 0")
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--seed", type=int, default=20160502)
    args = parser.parse_args()
    # The defaults are the settings the committed models were trained with (models/README.md).
    epochs = args.epochs or (20 if args.model == "lenet-300-100" else 8)
    batch = args.batch or (64 if args.model == "lenet-300-100" else 128)

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)

    data = args.data or os.path.join(ROOT, "data", args.dataset)
    x_train, y_train = load_split(data, "train")
    x_test, y_test = load_split(data, "t10k")
    model = MODELS[args.model]()
    params = sum(p.numel() for p in model.parameters())
    log = lambda msg: print(msg, flush=True)
    log(f"{args.model} on {args.dataset}: {params} parameters, {len(x_train)} train / {len(x_test)} test images, "
        f"{epochs} epochs, batch {batch}, SGD lr {args.lr} cosine, momentum {args.momentum}, "
        f"weight decay {args.weight_decay}, seed {args.seed}, torch {torch.__version__}")

    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                                weight_decay=args.weight_decay)
    steps_per_epoch = (len(x_train) + batch - 1) // batch
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch)
    shuffle = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, epochs + 1):
        start = time.time()
        model.train()
        order = torch.randperm(len(x_train), generator=shuffle)
        total = 0.0
        for i in range(0, len(x_train), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(idx)
        wrong = evaluate(model, x_test, y_test)
        log(f"epoch {epoch:2d}: train loss {total / len(x_train):.4f}, test error {wrong / len(x_test):.2%} "
            f"({wrong}/{len(x_test)}), {time.time() - start:.0f} s")

    export(model, args.out, args.dataset)
    wrong = evaluate(model, x_test, y_test)
    log(f"final: {args.model} test error {wrong / len(x_test):.2%} ({wrong}/{len(x_test)}), {params} parameters, "
        f"{os.path.getsize(args.out)} bytes written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
