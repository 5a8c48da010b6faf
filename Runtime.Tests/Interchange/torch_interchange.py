#!/usr/bin/env python3
"""The PyTorch side of StaticNet's safetensors interchange tests (TorchInterchangeTests.cs).

PyTorch 1.13 has no safetensors package, so this reads and writes the format itself: an 8-byte
little-endian header length, a JSON header, the data buffer. Samples travel as raw little-endian
float64 files of shape [n, 2, 6, 6] (inputs) and [n, 3] (outputs).

    torch_interchange.py run MODEL INPUTS OUTPUTS
        Load MODEL (written by StaticNet) into the equivalent torch.nn module, run it in eval mode
        on INPUTS, write OUTPUTS.
    torch_interchange.py train MODEL INPUTS OUTPUTS COUNT
        Build the module with torch.manual_seed, train it a few steps, save its state_dict to MODEL
        (no __metadata__, num_batches_tracked included, as a PyTorch user's file would be), and write
        COUNT random samples to INPUTS and its eval-mode outputs on them to OUTPUTS.

    torch_interchange.py step MODEL INPUTS LABELS RESULT
        Load MODEL into the module without dropout (StaticNet's ConvBatchNorm), take one training step
        of torch.optim.SGD(lr=0.1, momentum=0.9) on INPUTS and LABELS (int64) in train mode, and write
        RESULT: "loss" [1], "grad.<name>" for every parameter, and "after.<name>" for the state_dict
        after the step (parameters and running statistics).

    torch_interchange.py optimize MODEL SPEC INPUTS LABELS RESULT
        Load MODEL into a Linear(4, 5) → Tanh → Linear(5, 3) module (fc1, fc2; StaticNet's optimizer test
        networks), build the torch.optim optimizer SPEC describes (JSON: kind, lr, momentum, betas, …,
        weight_decay on weights only, l1, clip_norm, clip_value), and take one step per batch of 6 samples in
        INPUTS and LABELS; write RESULT: "after.<name>" for every parameter after the last step.

Exits with 77 when PyTorch cannot be imported, so the tests can skip.
"""

import json
import struct
import sys
import zlib

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"PyTorch cannot be imported: {error}", file=sys.stderr)
    sys.exit(77)

NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "I64": "<i8"}
SAFETENSORS_DTYPES = {"float64": "F64", "float32": "F32", "int64": "I64"}


def read_safetensors(path):
    """Returns ({name: tensor}, metadata) and checks the layout StaticNet promises."""
    with open(path, "rb") as file:
        data = file.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    buffer = data[8 + length :]
    assert length % 8 == 0, f"header length {length} is not a multiple of 8"
    if "crc32" in metadata:
        assert metadata["crc32"] == f"{zlib.crc32(buffer):08x}", "crc32 disagrees with zlib"
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(buffer[begin:end], dtype=NUMPY_DTYPES[info["dtype"]])
        tensors[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as safetensors, in order, padding the header with spaces to 8 bytes."""
    header = {} if metadata is None else {"__metadata__": metadata}
    chunks, offset = [], 0
    for name, tensor in tensors.items():
        array = tensor.detach().cpu().contiguous().numpy()
        raw = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {
            "dtype": SAFETENSORS_DTYPES[array.dtype.name],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)))
        file.write(encoded)
        file.write(b"".join(chunks))


class ConvBatchNormDropout(nn.Module):
    """StaticNet's Runtime.Tests ConvBatchNormDropout, with the same attribute (key) names."""

    def __init__(self, dropout=0.25):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 3, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(3)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(dropout)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(27, 5)
        self.batchnorm2 = nn.BatchNorm1d(5)
        self.tanh = nn.Tanh()
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        x = self.dropout(self.pool(self.relu(self.bn1(self.conv1(x)))))
        return self.fc2(self.tanh(self.batchnorm2(self.fc1(self.flatten(x)))))


def read_samples(path):
    return torch.from_numpy(np.fromfile(path, dtype="<f8").reshape(-1, 2, 6, 6))


def write_samples(path, tensor):
    tensor.detach().numpy().astype("<f8").tofile(path)


def run(model_path, inputs_path, outputs_path):
    tensors, metadata = read_safetensors(model_path)
    model = ConvBatchNormDropout().double()
    weights = {k: v for k, v in tensors.items() if not k.startswith("optimizer.")}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    assert not unexpected, f"unexpected tensors: {unexpected}"
    assert all(k.endswith(".num_batches_tracked") for k in missing), f"missing tensors: {missing}"
    model.eval()
    with torch.no_grad():
        write_samples(outputs_path, model(read_samples(inputs_path)))
    print(json.dumps({"architecture": metadata.get("architecture"), "tensors": sorted(tensors)}))


def train(model_path, inputs_path, outputs_path, count):
    torch.manual_seed(2024)
    model = ConvBatchNormDropout().double()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    for _ in range(3):
        inputs = torch.randn(8, 2, 6, 6, dtype=torch.float64)
        labels = torch.randint(0, 3, (8,))
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(inputs), labels).backward()
        optimizer.step()
    model.eval()
    inputs = torch.randn(count, 2, 6, 6, dtype=torch.float64)
    with torch.no_grad():
        outputs = model(inputs)
    write_safetensors(model_path, model.state_dict())
    write_samples(inputs_path, inputs)
    write_samples(outputs_path, outputs)


def step(model_path, inputs_path, labels_path, result_path):
    tensors, _ = read_safetensors(model_path)
    model = ConvBatchNormDropout(dropout=0.0).double()
    weights = {k: v for k, v in tensors.items() if not k.startswith("optimizer.")}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    assert not unexpected and all(k.endswith(".num_batches_tracked") for k in missing)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    inputs = read_samples(inputs_path)
    labels = torch.from_numpy(np.fromfile(labels_path, dtype="<i8"))
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(inputs), labels)
    loss.backward()
    result = {"loss": loss.detach().reshape(1)}
    result.update({"grad." + name: p.grad for name, p in model.named_parameters()})
    optimizer.step()
    result.update({"after." + name: t for name, t in model.state_dict().items() if not name.endswith("num_batches_tracked")})
    write_safetensors(result_path, result)


class TwoLayers(nn.Module):
    """StaticNet's Runtime.Tests optimizer networks: fc1 (4 → 5, tanh), fc2 (5 → 3)."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


def make_optimizer(model, spec):
    weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in model.named_parameters() if n.endswith("bias")]
    decay = spec.get("weight_decay", 0.0)
    groups = [{"params": weights, "weight_decay": decay}, {"params": biases, "weight_decay": 0.0}]
    kind, lr = spec["kind"], spec["lr"]
    if kind in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(groups, lr=lr, momentum=spec.get("momentum", 0.0), nesterov=kind == "nesterov")
    if kind == "adagrad":
        return torch.optim.Adagrad(groups, lr=lr, eps=spec.get("eps", 1e-10))
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=spec.get("alpha", 0.99), eps=spec.get("eps", 1e-8))
    if kind in ("adam", "adamw"):
        optim = torch.optim.AdamW if kind == "adamw" else torch.optim.Adam
        return optim(groups, lr=lr, betas=tuple(spec.get("betas", (0.9, 0.999))), eps=spec.get("eps", 1e-8))
    raise ValueError(f"unknown optimizer {kind}")


def optimize(model_path, spec_text, inputs_path, labels_path, result_path):
    spec = json.loads(spec_text)
    tensors, _ = read_safetensors(model_path)
    model = TwoLayers().double()
    model.load_state_dict({k: v for k, v in tensors.items() if not k.startswith("optimizer.")})
    optimizer = make_optimizer(model, spec)
    inputs = torch.from_numpy(np.fromfile(inputs_path, dtype="<f8").reshape(-1, 6, 4))
    labels = torch.from_numpy(np.fromfile(labels_path, dtype="<i8").reshape(-1, 6))
    for x, y in zip(inputs, labels):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        if spec.get("clip_norm", 0) > 0:
            nn.utils.clip_grad_norm_(model.parameters(), spec["clip_norm"])
        if spec.get("clip_value", 0) > 0:
            nn.utils.clip_grad_value_(model.parameters(), spec["clip_value"])
        if spec.get("l1", 0) > 0:
            for name, p in model.named_parameters():
                if name.endswith("weight"):
                    p.grad.add_(torch.sign(p.detach()), alpha=spec["l1"])
        optimizer.step()
    write_safetensors(result_path, {"after." + n: p for n, p in model.named_parameters()})


def main(argv):
    if len(argv) == 4 and argv[0] == "run":
        run(*argv[1:])
    elif len(argv) == 6 and argv[0] == "optimize":
        optimize(*argv[1:])
    elif len(argv) == 5 and argv[0] == "step":
        step(*argv[1:])
    elif len(argv) == 5 and argv[0] == "train":
        train(*argv[1:4], int(argv[4]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
