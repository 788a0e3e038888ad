# PyTorch reference for bench:gpu: the same networks as ours, rebuilt layer for layer from the layer
# list bench/gpu/entry.mjs reads off the tfjs model it measures (so a change to the presets in
# src/train/models.ts changes both sides), trained with Adam and softmax cross-entropy on random
# data, fp32 (TF32 off), eager, on the same GPU in the same run as ours.
# stdin: JSON [{"key", "size", "batch", "classes", "layers": [...]}]; stdout: one JSON object per
# line, first {"torch", "device"}, then {"key", "samples_per_s", "step_ms", "steps"} per entry.
import json
import sys
import time

import torch
from torch import nn

LEARNING_RATE = 1e-3
WARMUP_STEPS = 5
TARGET_TIMED_S = 1.5
MIN_STEPS = 10
MAX_STEPS = 2000


def activation(name: str | None) -> list[nn.Module]:
    if name in (None, "linear"):
        return []
    if name == "relu":
        return [nn.ReLU()]
    raise ValueError(f"torch_models.py: activation {name!r} is not mapped")


def build(layers: list[dict]) -> nn.Module:
    """tfjs layer configs -> nn.Sequential of the PyTorch equivalents (NCHW, lazy input sizes)."""
    out: list[nn.Module] = []
    for layer in layers:
        kind = layer["type"]
        if kind in ("InputLayer", "Permute"):
            continue  # torch takes NCHW directly
        if kind == "Conv2D":
            kh, kw = layer["kernelSize"]
            if layer["padding"] == "same" and layer["strides"] == [1, 1]:
                padding: str | int = "same"
            elif layer["padding"] == "valid":
                padding = 0
            else:
                raise ValueError("torch_models.py: only stride-1 'same' or 'valid' convolutions are mapped")
            out.append(nn.LazyConv2d(layer["filters"], (kh, kw), stride=tuple(layer["strides"]), padding=padding, bias=layer["useBias"]))
            out += activation(layer["activation"])
        elif kind == "BatchNormalization":
            # tfjs momentum is the weight of the old value; PyTorch's that of the new one.
            out.append(nn.LazyBatchNorm2d(eps=layer["epsilon"], momentum=1 - layer["momentum"]))
        elif kind == "Activation":
            out += activation(layer["activation"])
        elif kind == "MaxPooling2D":
            out.append(nn.MaxPool2d(tuple(layer["poolSize"]), stride=tuple(layer["strides"])))
        elif kind == "GlobalAveragePooling2D":
            out += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        elif kind == "Flatten":
            out.append(nn.Flatten())
        elif kind == "Dropout":
            out.append(nn.Dropout(layer["rate"]))
        elif kind == "Dense":
            out.append(nn.LazyLinear(layer["units"]))
            out += activation(layer["activation"])
        else:
            raise ValueError(f"torch_models.py: layer {kind} is not mapped")
    return nn.Sequential(*out)


def measure(entry: dict) -> dict:
    torch.manual_seed(1)
    device = torch.device("cuda")
    size, batch = entry["size"], entry["batch"]
    model = build(entry["layers"]).to(device).train()
    x = torch.randn(batch, 3, size, size, device=device)
    labels = torch.randint(0, entry["classes"], (batch,), device=device)
    model(x)  # materialise the lazy layers before the optimiser sees the parameters
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), labels).backward()
        optimizer.step()

    for _ in range(WARMUP_STEPS):
        step()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    step()
    torch.cuda.synchronize()
    one = max(time.perf_counter() - t0, 1e-5)
    steps = max(MIN_STEPS, min(MAX_STEPS, int(TARGET_TIMED_S / one)))
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    elapsed = time.perf_counter() - t0
    return {"key": entry["key"], "samples_per_s": steps * batch / elapsed, "step_ms": elapsed * 1000 / steps, "steps": steps}


def main() -> None:
    # fp32 as ours: cuDNN would otherwise run convolutions in TF32 on Ampere and later.
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    entries = json.load(sys.stdin)
    print(json.dumps({"torch": torch.__version__, "device": torch.cuda.get_device_name(0)}), flush=True)
    for entry in entries:
        print(json.dumps(measure(entry)), flush=True)


if __name__ == "__main__":
    main()
