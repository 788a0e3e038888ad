"""The augplay model in PyTorch: the layers of the tfjs model (model_config.json, converted by augplay's
export from the same description the browser built) as an nn.Module, with the browser-trained
weights (weights.bin, already in PyTorch's layouts). Input: one sample as the pipeline writes it
(pipeline.json output.layout; for a series model, 1 x length x channels), output: logits."""

import json
import os

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": F.relu,
    "relu6": F.relu6,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: F.softmax(x, dim=-1),
    "elu": F.elu,
    "selu": F.selu,
    "softplus": F.softplus,
    "swish": F.silu,
    "gelu": F.gelu,
}


class AugplayNet(nn.Module):
    """A Sequential of the exported layers. Keras computes channels-last; convolutions here run
    channels-first, and the tensor is turned back to channels-last wherever the order of values
    matters (flatten, dense), so that the converted weights apply unchanged."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.specs = config["layers"]
        self.layers = nn.ModuleDict()
        for spec in self.specs:
            t = spec["type"]
            if t == "dense":
                self.layers[spec["name"]] = nn.Linear(spec["inFeatures"], spec["units"], bias=spec["bias"])
            elif t == "conv2d":
                self.layers[spec["name"]] = nn.Conv2d(spec["inChannels"], spec["filters"], tuple(spec["kernel"]), stride=tuple(spec["stride"]), padding=tuple(spec["padding"]), dilation=tuple(spec["dilation"]), bias=spec["bias"])
            elif t == "batchnorm":
                self.layers[spec["name"]] = nn.BatchNorm2d(spec["features"], eps=spec["epsilon"], momentum=spec["momentum"], affine=spec["center"] or spec["scale"])
            elif t == "dropout":
                self.layers[spec["name"]] = nn.Dropout(spec["rate"])
            elif t in ("permute", "flatten", "activation", "maxpool2d", "avgpool2d", "globalavgpool2d", "globalmaxpool2d"):
                pass
            else:
                raise ValueError(f"model_config.json: layer {spec['name']} has unknown type {t!r}")

    def forward(self, x):
        channels_first = False  # True while x is N, C, H, W (the Keras view is N, H, W, C)

        def keras_view(x, channels_first):
            return (x.permute(0, 2, 3, 1), False) if channels_first else (x, False)

        def conv_view(x, channels_first):
            return (x, True) if channels_first else (x.permute(0, 3, 1, 2), True)

        for spec in self.specs:
            t = spec["type"]
            name = spec["name"]
            if t == "permute":
                x, channels_first = keras_view(x, channels_first)
                x = x.permute(0, *spec["dims"])
            elif t == "flatten":
                x, channels_first = keras_view(x, channels_first)
                x = x.reshape(x.shape[0], -1)
            elif t == "dense":
                x, channels_first = keras_view(x, channels_first)
                x = ACTIVATIONS[spec["activation"]](self.layers[name](x))
            elif t == "conv2d":
                x, channels_first = conv_view(x, channels_first)
                if spec.get("pad"):
                    # TensorFlow's "same" padding with an even kernel: one more step after than before.
                    x = F.pad(x, tuple(spec["pad"]))
                x = ACTIVATIONS[spec["activation"]](self.layers[name](x))
            elif t == "batchnorm":
                bn = self.layers[name]
                if x.dim() == 2:
                    x = F.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, bn.training, bn.momentum, bn.eps)
                else:
                    x, channels_first = conv_view(x, channels_first)
                    x = bn(x)
            elif t == "activation":
                x = ACTIVATIONS[spec["activation"]](x)
            elif t == "dropout":
                x = self.layers[name](x)
            elif t in ("maxpool2d", "avgpool2d"):
                x, channels_first = conv_view(x, channels_first)
                pool = F.max_pool2d if t == "maxpool2d" else F.avg_pool2d
                x = pool(x, tuple(spec["kernel"]), tuple(spec["stride"]))
            elif t in ("globalavgpool2d", "globalmaxpool2d"):
                x, channels_first = conv_view(x, channels_first)
                x = x.mean(dim=(2, 3)) if t == "globalavgpool2d" else x.amax(dim=(2, 3))
                channels_first = False  # N, C: the same in both views
        return x


class MLP(AugplayNet):
    """Preset "mlp": flatten, dense layers (model_config.json lists them)."""


class SmallCNN(AugplayNet):
    """Preset "cnn-small": conv stages with pooling, then the head."""


class DeepCNN(AugplayNet):
    """Preset "cnn-deep": conv + batch norm blocks, then the head."""


class SeriesCNN(AugplayNet):
    """Preset "cnn1d" (time series): 1 x k convolution + batch norm + ReLU blocks over a 1 x length x
    channels sample, pooling over time, global average pooling, then the head."""


class SeriesMLP(AugplayNet):
    """Preset "mlp1d" (time series): flatten the 1 x length x channels sample, dense layers."""


# One nn.Module per preset; each builds the exact layer list of its export, so a preset the app
# changes (width, dropout, head) still loads. Unknown presets get AugplayNet itself.
PRESETS = {"mlp": MLP, "cnn-small": SmallCNN, "cnn-deep": DeepCNN, "cnn1d": SeriesCNN, "mlp1d": SeriesMLP}


def load_config(folder=HERE):
    with open(os.path.join(folder, "model_config.json"), encoding="utf-8") as f:
        config = json.load(f)
    if config.get("format") != "augplay.torch-model" or config.get("version") != 1:
        raise ValueError(f"{folder}/model_config.json: not an augplay torch model description of version 1")
    return config


def load_browser_weights(model, folder=HERE):
    """Copies weights.bin (converted from the browser's tfjs weights) into the model."""
    with open(os.path.join(folder, "weights.json"), encoding="utf-8") as f:
        index = json.load(f)
    values = np.fromfile(os.path.join(folder, "weights.bin"), dtype="<f4")
    state = model.state_dict()
    for entry in index:
        name, shape, offset = entry["name"], entry["shape"], entry["offset"]
        if name not in state:
            raise ValueError(f"weights.json: {name} is not a parameter of the model")
        n = int(np.prod(shape)) if shape else 1
        tensor = torch.from_numpy(values[offset : offset + n].reshape(shape).copy())
        if tuple(state[name].shape) != tuple(tensor.shape):
            raise ValueError(f"weights.json: {name} has shape {list(tensor.shape)}, the model expects {list(state[name].shape)}")
        state[name].copy_(tensor)
    return model


def load_model(folder=HERE, weights=True):
    """The exported model, in eval mode, with the browser-trained weights (weights=False: freshly initialised)."""
    config = load_config(folder)
    model = PRESETS.get(config.get("preset"), AugplayNet)(config)
    if weights:
        with torch.no_grad():
            load_browser_weights(model, folder)
    return model.eval()
