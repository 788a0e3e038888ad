"""The policy ops (RandAugment, TrivialAugment Wide, AutoAugment) and AugMix, as src/pipeline/ops/policySpace.ts,
randAugment.ts, trivialAugmentWide.ts, autoAugment.ts and augMix.ts: the same spaces, the same draws on the same
stream in the same order, and the same calls of the registered ops they stand for."""

import math

from .rng import normal_quantile

BINS = 31
MAX_LEVEL = BINS - 1
POLICY_OPS = ("Identity", "ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate",
              "Brightness", "Color", "Contrast", "Sharpness", "Posterize", "Solarize", "AutoContrast", "Equalize")
UNSCALED = {"Identity", "AutoContrast", "Equalize", "Invert"}


def js_round(x):
    return math.floor(x + 0.5)


def pick(rng, items):
    return items[rng.int(0, len(items) - 1)]


def _linear(hi, signed=True, lo=0):
    return (lambda m, s: lo + ((hi(s) - lo) * m) / MAX_LEVEL), signed


def _const(v):
    return lambda s: v


def _posterize_bits(levels):
    return (lambda m, s: 8 - js_round(m / (MAX_LEVEL / levels))), False


_NONE = (lambda m, s: 0), False

RAND_AUGMENT_SPACE = {
    "Identity": _NONE,
    "ShearX": _linear(_const(0.3)),
    "ShearY": _linear(_const(0.3)),
    "TranslateX": _linear(lambda s: (150 / 331) * s.width),
    "TranslateY": _linear(lambda s: (150 / 331) * s.height),
    "Rotate": _linear(_const(30)),
    "Brightness": _linear(_const(0.9)),
    "Color": _linear(_const(0.9)),
    "Contrast": _linear(_const(0.9)),
    "Sharpness": _linear(_const(0.9)),
    "Posterize": _posterize_bits(4),
    "Solarize": _linear(_const(0), False, 255),
    "AutoContrast": _NONE,
    "Equalize": _NONE,
}

TRIVIAL_AUGMENT_WIDE_SPACE = {
    "Identity": _NONE,
    "ShearX": _linear(_const(0.99)),
    "ShearY": _linear(_const(0.99)),
    "TranslateX": _linear(_const(32)),
    "TranslateY": _linear(_const(32)),
    "Rotate": _linear(_const(135)),
    "Brightness": _linear(_const(0.99)),
    "Color": _linear(_const(0.99)),
    "Contrast": _linear(_const(0.99)),
    "Sharpness": _linear(_const(0.99)),
    "Posterize": _posterize_bits(6),
    "Solarize": _linear(_const(0), False, 255),
    "AutoContrast": _NONE,
    "Equalize": _NONE,
}


def level_value(space, name, m, shape):
    return 0 if name in UNSCALED else space[name][0](m, shape)


def is_signed(space, name):
    return name not in UNSCALED and space[name][1]


def draw_value(rng, space, name, m, shape):
    v = level_value(space, name, m, shape)
    return -v if is_signed(space, name) and rng.chance(0.5) else v


def expand_policy(ops, interpolation, fill):
    """The calls of registered ops the drawn policy ops stand for (policySpace.ts expandPolicy)."""
    geo = {"interpolation": interpolation, "border": "constant", "fill": fill}
    calls = []
    for o in ops:
        name, v = o["name"], o["magnitude"]
        if name in ("ShearX", "ShearY"):
            calls.append(("shear", {"axis": "x" if name == "ShearX" else "y", "factor": v, **geo}))
        elif name in ("TranslateX", "TranslateY"):
            px = int(v)  # torchvision shifts by int(magnitude) pixels
            calls.append(("affine", {"translateXPx": px if name == "TranslateX" else 0, "translateYPx": px if name == "TranslateY" else 0, "scale": 1, "shearDegrees": 0, **geo}))
        elif name == "Rotate":
            calls.append(("rotate", {"degrees": v, **geo}))
        elif name == "Brightness":
            calls.append(("brightness", {"factor": 1 + v}))
        elif name == "Color":
            calls.append(("saturation", {"factor": 1 + v}))
        elif name == "Contrast":
            calls.append(("contrast", {"factor": 1 + v}))
        elif name == "Sharpness":
            calls.append(("sharpen", {"amount": v}))
        elif name == "Posterize":
            calls.append(("posterize", {"bits": v}))
        elif name == "Solarize":
            calls.append(("solarize", {"threshold": v}))
        elif name == "AutoContrast":
            calls.append(("autoContrast", {}))
        elif name == "Equalize":
            calls.append(("equalize", {}))
        elif name == "Invert":
            calls.append(("invert", {}))
    return calls


def expand_args(args):
    return expand_policy(args["ops"], args["interpolation"], args["fill"])


def draw_rand_augment(rng, p, shape, context=None):
    ops = []
    for _ in range(p["numOps"]):
        name = pick(rng, POLICY_OPS)
        m = p["magnitude"]
        if p["magnitudeStd"] > 0:
            u = min(1 - 1e-12, max(1e-12, rng.next()))
            m = min(MAX_LEVEL, max(0, m + p["magnitudeStd"] * normal_quantile(u)))
        ops.append({"name": name, "magnitude": draw_value(rng, RAND_AUGMENT_SPACE, name, m, shape)})
    return {"ops": ops, "interpolation": p["interpolation"], "fill": p["fill"]}


def draw_trivial_augment_wide(rng, p, shape, context=None):
    name = pick(rng, POLICY_OPS)
    m = rng.int(0, MAX_LEVEL)
    return {"ops": [{"name": name, "magnitude": draw_value(rng, TRIVIAL_AUGMENT_WIDE_SPACE, name, m, shape)}], "interpolation": p["interpolation"], "fill": p["fill"]}


AUTO_AUGMENT_BINS = 10

AUTO_AUGMENT_POLICIES = {
    "imagenet": [
        (("Posterize", 0.4, 8), ("Rotate", 0.6, 9)),
        (("Solarize", 0.6, 5), ("AutoContrast", 0.6, None)),
        (("Equalize", 0.8, None), ("Equalize", 0.6, None)),
        (("Posterize", 0.6, 7), ("Posterize", 0.6, 6)),
        (("Equalize", 0.4, None), ("Solarize", 0.2, 4)),
        (("Equalize", 0.4, None), ("Rotate", 0.8, 8)),
        (("Solarize", 0.6, 3), ("Equalize", 0.6, None)),
        (("Posterize", 0.8, 5), ("Equalize", 1.0, None)),
        (("Rotate", 0.2, 3), ("Solarize", 0.6, 8)),
        (("Equalize", 0.6, None), ("Posterize", 0.4, 6)),
        (("Rotate", 0.8, 8), ("Color", 0.4, 0)),
        (("Rotate", 0.4, 9), ("Equalize", 0.6, None)),
        (("Equalize", 0.0, None), ("Equalize", 0.8, None)),
        (("Invert", 0.6, None), ("Equalize", 1.0, None)),
        (("Color", 0.6, 4), ("Contrast", 1.0, 8)),
        (("Rotate", 0.8, 8), ("Color", 1.0, 2)),
        (("Color", 0.8, 8), ("Solarize", 0.8, 7)),
        (("Sharpness", 0.4, 7), ("Invert", 0.6, None)),
        (("ShearX", 0.6, 5), ("Equalize", 1.0, None)),
        (("Color", 0.4, 0), ("Equalize", 0.6, None)),
        (("Equalize", 0.4, None), ("Solarize", 0.2, 4)),
        (("Solarize", 0.6, 5), ("AutoContrast", 0.6, None)),
        (("Invert", 0.6, None), ("Equalize", 1.0, None)),
        (("Color", 0.6, 4), ("Contrast", 1.0, 8)),
        (("Equalize", 0.8, None), ("Equalize", 0.6, None)),
    ],
    "cifar10": [
        (("Invert", 0.1, None), ("Contrast", 0.2, 6)),
        (("Rotate", 0.7, 2), ("TranslateX", 0.3, 9)),
        (("Sharpness", 0.8, 1), ("Sharpness", 0.9, 3)),
        (("ShearY", 0.5, 8), ("TranslateY", 0.7, 9)),
        (("AutoContrast", 0.5, None), ("Equalize", 0.9, None)),
        (("ShearY", 0.2, 7), ("Posterize", 0.3, 7)),
        (("Color", 0.4, 3), ("Brightness", 0.6, 7)),
        (("Sharpness", 0.3, 9), ("Brightness", 0.7, 9)),
        (("Equalize", 0.6, None), ("Equalize", 0.5, None)),
        (("Contrast", 0.6, 7), ("Sharpness", 0.6, 5)),
        (("Color", 0.7, 7), ("TranslateX", 0.5, 8)),
        (("Equalize", 0.3, None), ("AutoContrast", 0.4, None)),
        (("TranslateY", 0.4, 3), ("Sharpness", 0.2, 6)),
        (("Brightness", 0.9, 6), ("Color", 0.2, 8)),
        (("Solarize", 0.5, 2), ("Invert", 0.0, None)),
        (("Equalize", 0.2, None), ("AutoContrast", 0.6, None)),
        (("Equalize", 0.2, None), ("Equalize", 0.6, None)),
        (("Color", 0.9, 9), ("Equalize", 0.6, None)),
        (("AutoContrast", 0.8, None), ("Solarize", 0.2, 8)),
        (("Brightness", 0.1, 3), ("Color", 0.7, 0)),
        (("Solarize", 0.4, 5), ("AutoContrast", 0.9, None)),
        (("TranslateY", 0.9, 9), ("TranslateY", 0.7, 9)),
        (("AutoContrast", 0.9, None), ("Solarize", 0.8, 3)),
        (("Equalize", 0.8, None), ("Invert", 0.1, None)),
        (("TranslateY", 0.7, 9), ("AutoContrast", 0.9, None)),
    ],
    "svhn": [
        (("ShearX", 0.9, 4), ("Invert", 0.2, None)),
        (("ShearY", 0.9, 8), ("Invert", 0.7, None)),
        (("Equalize", 0.6, None), ("Solarize", 0.6, 6)),
        (("Invert", 0.9, None), ("Equalize", 0.6, None)),
        (("Equalize", 0.6, None), ("Rotate", 0.9, 3)),
        (("ShearX", 0.9, 4), ("AutoContrast", 0.8, None)),
        (("ShearY", 0.9, 8), ("Invert", 0.4, None)),
        (("ShearY", 0.9, 5), ("Solarize", 0.2, 6)),
        (("Invert", 0.9, None), ("AutoContrast", 0.8, None)),
        (("Equalize", 0.6, None), ("Rotate", 0.9, 3)),
        (("ShearX", 0.9, 4), ("Solarize", 0.3, 3)),
        (("ShearY", 0.8, 8), ("Invert", 0.7, None)),
        (("Equalize", 0.9, None), ("TranslateY", 0.6, 6)),
        (("Invert", 0.9, None), ("Equalize", 0.6, None)),
        (("Contrast", 0.3, 3), ("Rotate", 0.8, 4)),
        (("Invert", 0.8, None), ("TranslateY", 0.0, 2)),
        (("ShearY", 0.7, 6), ("Solarize", 0.4, 8)),
        (("Invert", 0.6, None), ("Rotate", 0.8, 4)),
        (("ShearY", 0.3, 7), ("TranslateX", 0.9, 3)),
        (("ShearX", 0.1, 6), ("Invert", 0.6, None)),
        (("Solarize", 0.7, 2), ("TranslateY", 0.6, 7)),
        (("ShearY", 0.8, 4), ("Invert", 0.8, None)),
        (("ShearX", 0.7, 9), ("TranslateY", 0.8, 3)),
        (("ShearY", 0.8, 5), ("AutoContrast", 0.7, None)),
        (("ShearX", 0.7, 2), ("Invert", 0.1, None)),
    ],
}


def draw_auto_augment(rng, p, shape, context=None):
    policies = AUTO_AUGMENT_POLICIES[p["policy"]]
    sub = rng.int(0, len(policies) - 1)
    probs = [rng.next(), rng.next()]
    flips = [rng.next() < 0.5, rng.next() < 0.5]
    ops = []
    for k, (name, prob, level) in enumerate(policies[sub]):
        if probs[k] > prob:
            continue
        v = 0 if level is None else level_value(RAND_AUGMENT_SPACE, name, (level * MAX_LEVEL) / (AUTO_AUGMENT_BINS - 1), shape)
        ops.append({"name": name, "magnitude": (-v if is_signed(RAND_AUGMENT_SPACE, name) and flips[k] else v) + 0})
    return {"subPolicy": sub, "ops": ops, "interpolation": p["interpolation"], "fill": p["fill"]}


# AugMix (augMix.ts): torchvision's AugMix._augmentation_space(10, (H, W)), in its key order.
AUGMIX_BINS = 10


def _aug_lin(hi, geometric):
    return {"value": lambda k, s: (hi(s) * k) / (AUGMIX_BINS - 1), "signed": True, "scaled": True, "geometric": geometric}


_AUG_UNSCALED = {"value": lambda k, s: 0, "signed": False, "scaled": False, "geometric": False}

AUGMIX_SPACE = {
    "ShearX": _aug_lin(_const(0.3), True),
    "ShearY": _aug_lin(_const(0.3), True),
    "TranslateX": _aug_lin(lambda s: s.width / 3, True),
    "TranslateY": _aug_lin(lambda s: s.height / 3, True),
    "Rotate": _aug_lin(_const(30), True),
    "Posterize": {"value": lambda k, s: 4 - js_round(k / ((AUGMIX_BINS - 1) / 4)), "signed": False, "scaled": True, "geometric": False},
    "Solarize": {"value": lambda k, s: 255 - (255 * k) / (AUGMIX_BINS - 1), "signed": False, "scaled": True, "geometric": False},
    "AutoContrast": _AUG_UNSCALED,
    "Equalize": _AUG_UNSCALED,
}
AUGMIX_ALL_OPS_EXTRA = {
    "Brightness": _aug_lin(_const(0.9), False),
    "Color": _aug_lin(_const(0.9), False),
    "Contrast": _aug_lin(_const(0.9), False),
    "Sharpness": _aug_lin(_const(0.9), False),
}


def augmix_ops(all_ops, mask):
    space = {**AUGMIX_SPACE, **AUGMIX_ALL_OPS_EXTRA} if all_ops else AUGMIX_SPACE
    return [name for name, e in space.items() if not (mask and e["geometric"])]


def draw_gamma(rng, shape):
    """Gamma(shape, 1), Marsaglia and Tsang, as src/pipeline/dirichlet.ts drawGamma."""
    if shape < 1:
        return draw_gamma(rng, shape + 1) * math.pow(1 - rng.next(), 1 / shape)
    d = shape - 1 / 3
    c = 1 / math.sqrt(9 * d)
    while True:
        z = normal_quantile((rng.next_uint32() + 0.5) / 4294967296)
        v = (1 + c * z) ** 3
        if v <= 0:
            continue
        u = 1 - rng.next()
        if math.log(u) < 0.5 * z * z + d - d * v + d * math.log(v):
            return d * v


def draw_dirichlet(rng, alpha, count):
    g = [draw_gamma(rng, alpha) for _ in range(count)]
    total = 0.0
    for x in g:
        total += x
    return [x / total for x in g] if total > 0 else [1 / count for _ in g]


def draw_augmix(rng, p, shape, context):
    base = {"interpolation": p["interpolation"], "fill": p["fill"]}
    if p["severity"] == 0:
        return {"original": 1, "chains": [], **base}
    m0, m1 = draw_dirichlet(rng, p["alpha"], 2)
    w = draw_dirichlet(rng, p["alpha"], p["mixtureWidth"])
    names = augmix_ops(p["allOps"], context["mask"])
    chains = []
    for wk in w:
        depth = p["chainDepth"] if p["chainDepth"] > 0 else rng.int(1, 3)
        ops = []
        for _ in range(depth):
            name = pick(rng, names)
            e = AUGMIX_SPACE.get(name) or AUGMIX_ALL_OPS_EXTRA[name]
            v = e["value"](rng.int(0, p["severity"] - 1), shape) if e["scaled"] else 0
            ops.append({"name": name, "magnitude": (-v if e["signed"] and rng.chance(0.5) else v) + 0})
        chains.append({"weight": wk * m1, "ops": ops})
    return {"original": m0, "chains": chains, **base}


def augmix_mix(args):
    """(weight of the image, [(weight, calls)]) for the blend (augMix.ts impl.mix)."""
    return args["original"], [(c["weight"], expand_policy(c["ops"], args["interpolation"], args["fill"])) for c in args["chains"]]
