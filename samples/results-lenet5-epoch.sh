#!/usr/bin/env bash
# Times one LeNet-5 fine-tuning epoch on MNIST: dcompress finetune (our training graph) vs PyTorch, both on one
# thread, same batch size, same optimizer (SGD, momentum 0.9, weight decay 1e-4), same number of examples.
# Each prints wall-clock seconds and the processor seconds of its process over the training loop (all threads; on a
# machine shared with other jobs the CPU time is the steadier measure), and the ratio of ours to PyTorch's.
# Usage: samples/results-lenet5-epoch.sh [TRAIN_COUNT] [BATCH]   (run samples/fetch-data.sh first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-60000}"
batch="${2:-128}"
model="${LENET5:-$root/models/lenet-5.onnx}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== dcompress finetune ($count examples, batch $batch, 1 thread)"
"$root/dcompress" finetune "$model" --data "$root/data/mnist" -o "$work/tuned.onnx" --epochs 1 --batch-size "$batch" \
  --train-count "$count" --test-count 1000 --lr 0.001 --threads 1 --json -q \
  | /usr/bin/python3 -c 'import json,sys; e=json.load(sys.stdin)["epochs"][-1]; print("dcompress epoch seconds: %.1f wall, %.1f CPU (train loss %.4f)" % (e["seconds"], e["cpu_seconds"], e["train_loss"]))' \
  | tee "$work/ours.txt"

echo "== PyTorch ($count examples, batch $batch, 1 thread)"
/usr/bin/python3 - "$root/data/mnist" "$count" "$batch" <<'PY' | tee "$work/pytorch.txt"
import sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
data, count, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(1)
torch.manual_seed(0)
def idx(path, offset):
    return np.fromfile(path, dtype=np.uint8)[offset:]
x = torch.from_numpy(idx(f"{data}/train-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28)[:count].astype(np.float32) / 255.0)
y = torch.from_numpy(idx(f"{data}/train-labels-idx1-ubyte", 8)[:count].astype(np.int64))
class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 20, 5), nn.Conv2d(20, 50, 5)
        self.fc1, self.fc2 = nn.Linear(800, 500), nn.Linear(500, 10)
    def forward(self, t):
        t = F.max_pool2d(self.conv1(t), 2)
        t = F.max_pool2d(self.conv2(t), 2)
        return self.fc2(F.relu(self.fc1(t.flatten(1))))
model = LeNet5()
opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9, weight_decay=1e-4)
order = torch.randperm(count)
start, cpu_start = time.perf_counter(), time.process_time()
total = 0.0
for b in range(0, count, batch):
    i = order[b:b + batch]
    opt.zero_grad()
    loss = F.cross_entropy(model(x[i]), y[i])
    loss.backward()
    opt.step()
    total += loss.item() * len(i)
print(f"pytorch {torch.__version__} epoch seconds: {time.perf_counter() - start:.1f} wall, {time.process_time() - cpu_start:.1f} CPU (train loss {total / count:.4f})")
PY
/usr/bin/python3 - "$work/ours.txt" "$work/pytorch.txt" <<'PY'
import re, sys
ours, theirs = ([float(v) for v in re.findall(r"([0-9.]+) wall, ([0-9.]+) CPU", open(p).read())[0]] for p in sys.argv[1:])
print(f"dcompress / pytorch: {ours[0] / theirs[0]:.2f}x wall, {ours[1] / theirs[1]:.2f}x CPU")
PY
