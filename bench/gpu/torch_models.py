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


def modules(layer: dict) -> list[nn.Module]:
    """One tfjs layer config -> the PyTorch modules doing the same (NCHW, lazy input sizes)."""
    out: list[nn.Module] = []
    kind = layer["type"]
    if kind in ("InputLayer", "Permute"):
        return out  # torch takes NCHW directly
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
    elif kind == "UpSampling2D":
        if layer.get("interpolation", "nearest") != "nearest":
            raise ValueError("torch_models.py: only nearest upsampling is mapped")
        out.append(nn.Upsample(scale_factor=tuple(layer["size"]), mode="nearest"))
    elif kind == "MaxPooling2D":
        out.append(nn.MaxPool2d(tuple(layer["poolSize"]), stride=tuple(layer["strides"])))
    elif kind == "AveragePooling2D":
        # The CNN presets' averaging stem ('valid' padding, as models.ts builds it).
        if layer.get("padding", "valid") != "valid":
            raise ValueError("torch_models.py: only unpadded average pooling is mapped")
        out.append(nn.AvgPool2d(tuple(layer["poolSize"]), stride=tuple(layer["strides"])))
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
    return out


class Graph(nn.Module):
    """A functional tfjs model (the U-Net's skip concatenations): each layer applied to the outputs
    of the layers it names in `inbound`, in the tfjs layer order (topological); the last is the output."""

    def __init__(self, layers: list[dict]):
        super().__init__()
        self.order = [(layer["name"], layer["type"], layer["inbound"], layer.get("axis", -1)) for layer in layers]
        for _, kind, _, axis in self.order:
            # tfjs concatenates NHWC on the channels (-1 or 3); torch's channels are dim 1.
            if kind == "Concatenate" and axis not in (-1, 3):
                raise ValueError(f"torch_models.py: concatenation on axis {axis} is not mapped")
        self.parts = nn.ModuleDict({layer["name"]: nn.Sequential(*modules(layer)) for layer in layers if layer["type"] != "Concatenate"})

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        values: dict[str, torch.Tensor] = {}
        for name, kind, inbound, _ in self.order:
            inputs = [values[n] for n in inbound] or [x]
            values[name] = torch.cat(inputs, dim=1) if kind == "Concatenate" else self.parts[name](inputs[0])
        return values[self.order[-1][0]]


def build(layers: list[dict]) -> nn.Module:
    """tfjs layer configs -> nn.Sequential of the PyTorch equivalents, or a Graph where a layer takes several inputs."""
    if any(len(layer.get("inbound", [])) > 1 for layer in layers):
        return Graph(layers)
    return nn.Sequential(*[m for layer in layers for m in modules(layer)])


def measure(entry: dict) -> dict:
    torch.manual_seed(1)
    device = torch.device("cuda")
    size, batch = entry["size"], entry["batch"]
    model = build(entry["layers"]).to(device).train()
    x = torch.randn(batch, 3, size, size, device=device)
    # Segmentation: a class per pixel, and CrossEntropyLoss over the pixels of [N, C, H, W] logits.
    label_shape = (batch, size, size) if entry.get("segmentation") else (batch,)
    labels = torch.randint(0, entry["classes"], label_shape, device=device)
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
