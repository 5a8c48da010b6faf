#!/usr/bin/python3
"""The PyTorch side of the README's optimizer table: the MLP 784 -> 128 ReLU -> 10 on Fashion-MNIST
(Debian dataset-fashion-mnist) for one epoch, batch 32, one thread, with each optimizer and the settings
the main job uses (Samples/Models/Models.cs): pixels standardized with the training set's mean 0.2860 and
deviation 0.3530, He-normal hidden weights and Xavier-normal output weights, zero biases, weight decay on
weights only. Prints one line per optimizer: its name, test accuracy, and seconds.

    /usr/bin/python3 Samples/Benchmarks/torch_optimizers.py [optimizer ...] [--seed N]
"""
import gzip
import os
import sys
import time

# As ../shared/bench/openblas_env.py does: let OpenBLAS pick its own kernels for this processor (some machines
# here force Haswell kernels for older OpenBLAS builds, which makes PyTorch up to 3x slower). Before torch loads.
os.environ.pop("OPENBLAS_CORETYPE", None)
os.environ.pop("OPENBLAS_L2_SIZE", None)

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist/"
MEAN, DEVIATION = 0.2860, 0.3530

# name -> (torch.optim class, keyword arguments), as declared in Samples/Models/Models.cs.
OPTIMIZERS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1)),
    "momentum": (torch.optim.SGD, dict(lr=0.01, momentum=0.9)),
    "nesterov": (torch.optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=True)),
    "adagrad": (torch.optim.Adagrad, dict(lr=0.01, eps=1e-10)),
    "rmsprop": (torch.optim.RMSprop, dict(lr=0.001, alpha=0.99, eps=1e-8)),
    "adam": (torch.optim.Adam, dict(lr=0.001, betas=(0.9, 0.999), eps=1e-8)),
    "adamw": (torch.optim.AdamW, dict(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)),
}


def idx(name, offset):
    with gzip.open(DATA + name) as file:
        return np.frombuffer(file.read(), np.uint8, offset=offset)


def load(kind):
    x = idx(f"{kind}-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    y = idx(f"{kind}-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return torch.from_numpy((x - MEAN) / DEVIATION), torch.from_numpy(y)


def mlp():
    hidden, output = nn.Linear(784, 128), nn.Linear(128, 10)
    nn.init.kaiming_normal_(hidden.weight, nonlinearity="relu")
    nn.init.xavier_normal_(output.weight)
    nn.init.zeros_(hidden.bias)
    nn.init.zeros_(output.bias)
    return nn.Sequential(hidden, nn.ReLU(), output)


def train(name, seed, data):
    (xtr, ytr), (xte, yte) = data
    torch.manual_seed(seed)
    net = mlp()
    kind, settings = OPTIMIZERS[name]
    settings = dict(settings)
    decay = settings.pop("weight_decay", 0.0)
    weights = [p for n, p in net.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in net.named_parameters() if n.endswith("bias")]
    optimizer = kind([{"params": weights, "weight_decay": decay}, {"params": biases, "weight_decay": 0.0}], **settings)
    loss = nn.CrossEntropyLoss()
    start = time.perf_counter()
    order = torch.randperm(len(xtr))
    for i in range(0, len(xtr), 32):
        batch = order[i:i + 32]
        optimizer.zero_grad(set_to_none=True)
        loss(net(xtr[batch]), ytr[batch]).backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        accuracy = (net(xte).argmax(1) == yte).float().mean().item()
    print(f"{name:9s} test accuracy {accuracy * 100:.2f} %  {seconds:.1f} s", flush=True)


def main(argv):
    seed = 0
    names = []
    i = 0
    while i < len(argv):
        if argv[i] == "--seed":
            seed = int(argv[i + 1])
            i += 2
        else:
            names.append(argv[i])
            i += 1
    unknown = [n for n in names if n not in OPTIMIZERS]
    if unknown:
        print(f"unknown optimizer(s) {unknown}; choose from {list(OPTIMIZERS)}", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    data = (load("train"), load("t10k"))
    for name in names or list(OPTIMIZERS):
        train(name, seed, data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
