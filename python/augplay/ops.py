"""The op catalogue: each op's parameters (the same specs as src/pipeline/ops/*.ts), its random draws (the
same calls on the same stream, in the same order) and its implementation."""

import math
from collections import namedtuple

import numpy as np

from . import kernels as K
from . import policies as P
from .rng import Rng, log_uniform

Shape = namedtuple("Shape", "width height channels")


def js_round(x):
    """JavaScript's Math.round: halves go up."""
    return math.floor(x + 0.5)


# Parameter specs, as params.ts builds them ---------------------------------------------------------


def num(default, lo, hi, integer=False, unit=None):
    return {"kind": "number", "default": default, "min": lo, "max": hi, "integer": integer, "unit": unit}


def rng_(default, lo, hi, integer=False, unit=None):
    return {"kind": "range", "default": list(default), "min": lo, "max": hi, "integer": integer, "unit": unit}


def choice(options, default):
    return {"kind": "choice", "options": list(options), "default": default}


def boolean(default):
    return {"kind": "boolean", "default": default}


def vector(default, lo, hi, lengths, exclusive_min=False):
    return {"kind": "vector", "default": list(default), "min": lo, "max": hi, "lengths": list(lengths), "exclusiveMin": exclusive_min}


INTERPOLATION = choice(["bilinear", "nearest"], "bilinear")
BORDER = choice(["reflect", "constant", "edge"], "reflect")
FILL = num(0, 0, 255, unit="pixel value")
# Mask value with no label (maskBehaviour.ts IGNORE_INDEX): cutout's holes when its mask parameter is "ignore".
IGNORE_INDEX = 255


def size(default=64):
    return num(default, 1, 4096, integer=True, unit="px")


def factor():
    return rng_([0.8, 1.2], 0, 5, unit="×")


IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
# Smallest std normalize accepts (src/pipeline/ops/normalize.ts STD_FLOOR).
STD_FLOOR = 1e-6


class Op:
    def __init__(self, name, stage, default_p, domain, params, kind, draw, impl, leaves_pixel_range=False, output_shape=None, check_shape=None, needs_stats=False, inference=None, mask_impl=None):
        self.name = name
        self.stage = stage
        self.default_p = default_p
        self.domain = domain
        self.params = params
        self.kind = kind
        self.draw = draw
        self.impl = impl
        self.leaves_pixel_range = leaves_pixel_range
        self.output_shape = output_shape
        self.check_shape = check_shape
        self.needs_stats = needs_stats
        self.inference = inference
        # Image ops that may change a mask (cutout): (args, mask HxW uint8) -> mask.
        self.mask_impl = mask_impl


def fixed_size(params, shape):
    return Shape(params["width"], params["height"], shape.channels)


def cos_sin_degrees(degrees):
    quarter = degrees / 90
    if float(quarter).is_integer():
        k = int(((quarter % 4) + 4) % 4)
        return [1, 0, -1, 0][k], [0, 1, 0, -1][k]
    r = degrees * math.pi / 180
    return math.cos(r), math.sin(r)


# Geometric ops: transform(args, input) -> (inverse matrix, width, height, sampling or None, exact) ----


def _affine_transform(args, shape):
    cx = shape.width / 2
    cy = shape.height / 2
    s = args["scale"]
    shear = math.tan(args["shearDegrees"] * math.pi / 180)
    a, b, d, e = s, s * shear, 0, s
    forward = (a, b, cx + args["translateXPx"] - a * cx - b * cy, d, e, cy + args["translateYPx"] - d * cx - e * cy)
    return K.invert(forward), shape.width, shape.height, (args["interpolation"], args["border"], args["fill"]), False


def _affine_draw(rng, p, shape):
    return {
        "translateXPx": rng.uniform(*p["translateX"]) * shape.width,
        "translateYPx": rng.uniform(*p["translateY"]) * shape.height,
        "scale": log_uniform(rng, *p["scale"]),
        "shearDegrees": rng.uniform(*p["shearDegrees"]),
        "interpolation": p["interpolation"],
        "border": p["border"],
        "fill": p["fill"],
    }


def _center_crop_transform(args, shape):
    x = js_round((shape.width - args["width"]) / 2)
    y = js_round((shape.height - args["height"]) / 2)
    return (1, 0, x, 0, 1, y), args["width"], args["height"], ("nearest", "constant", args["fill"]), True


def _flip_draw(rng, p, shape):
    horizontal = p["direction"] == "horizontal" or (p["direction"] == "either" and rng.chance(0.5))
    return {"horizontal": horizontal, "vertical": not horizontal}


def _flip_transform(args, shape):
    a = -1 if args["horizontal"] else 1
    e = -1 if args["vertical"] else 1
    return (a, 0, shape.width if args["horizontal"] else 0, 0, e, shape.height if args["vertical"] else 0), shape.width, shape.height, None, False


def _random_crop_check(p, shape):
    pw = shape.width + 2 * p["padding"]
    ph = shape.height + 2 * p["padding"]
    if p["width"] > pw or p["height"] > ph:
        return f"the crop ({p['width']}x{p['height']} px) is larger than the padded image ({pw}x{ph} px): make it smaller or add padding"
    return None


def _random_crop_draw(rng, p, shape):
    pad = p["padding"]
    return {
        "x": rng.int(0, shape.width + 2 * pad - p["width"]) - pad,
        "y": rng.int(0, shape.height + 2 * pad - p["height"]) - pad,
        "width": p["width"],
        "height": p["height"],
        "border": p["border"],
        "fill": p["fill"],
    }


def _random_crop_transform(args, shape):
    return (1, 0, args["x"], 0, 1, args["y"]), args["width"], args["height"], ("nearest", args["border"], args["fill"]), True


RRC_MAX_ATTEMPTS = 10


def _rrc_draw(rng, p, shape):
    W, H = shape.width, shape.height
    area = W * H
    log_lo = math.log(p["ratio"][0])
    log_hi = math.log(p["ratio"][1])
    for _ in range(RRC_MAX_ATTEMPTS):
        target = area * rng.uniform(*p["scale"])
        aspect = math.exp(rng.uniform(log_lo, log_hi))
        w = js_round(math.sqrt(target * aspect))
        h = js_round(math.sqrt(target / aspect))
        if 0 < w <= W and 0 < h <= H:
            return {"x": rng.int(0, W - w), "y": rng.int(0, H - h), "w": w, "h": h, "outWidth": p["width"], "outHeight": p["height"], "interpolation": p["interpolation"]}
    in_ratio = W / H
    w, h = W, H
    if in_ratio < p["ratio"][0]:
        h = _clamp_side(w / p["ratio"][0], H)
    elif in_ratio > p["ratio"][1]:
        w = _clamp_side(h * p["ratio"][1], W)
    return {"x": (W - w) // 2, "y": (H - h) // 2, "w": w, "h": h, "outWidth": p["width"], "outHeight": p["height"], "interpolation": p["interpolation"]}


def _clamp_side(value, most):
    return min(most, max(1, js_round(value)))


def _rrc_inference(p, shape):
    """The largest centred box with the output's aspect ratio, resized to the output."""
    W, H = shape.width, shape.height
    w, h = W, H
    if W * p["height"] > H * p["width"]:
        w = _clamp_side(H * p["width"] / p["height"], W)
    else:
        h = _clamp_side(W * p["height"] / p["width"], H)
    return {"x": (W - w) // 2, "y": (H - h) // 2, "w": w, "h": h, "outWidth": p["width"], "outHeight": p["height"], "interpolation": p["interpolation"]}


def _random_crop_inference(p, shape):
    return {"x": js_round((shape.width - p["width"]) / 2), "y": js_round((shape.height - p["height"]) / 2), "width": p["width"], "height": p["height"], "border": p["border"], "fill": p["fill"]}


def _rrc_transform(args, shape):
    m = (args["w"] / args["outWidth"], 0, args["x"], 0, args["h"] / args["outHeight"], args["y"])
    return m, args["outWidth"], args["outHeight"], (args["interpolation"], "edge", 0), False


def _resize_transform(args, shape):
    sx = shape.width / args["width"]
    sy = shape.height / args["height"]
    ax, ay = sx, sy
    if args["fit"] == "cover":
        ax = ay = min(sx, sy)
    if args["fit"] == "contain":
        ax = ay = max(sx, sy)
    m = (ax, 0, (shape.width - args["width"] * ax) / 2, 0, ay, (shape.height - args["height"] * ay) / 2)
    return m, args["width"], args["height"], (args["interpolation"], "constant" if args["fit"] == "contain" else "edge", args["fill"]), False


def _rotate_transform(args, shape):
    cos, sin = cos_sin_degrees(args["degrees"])
    cx = shape.width / 2
    cy = shape.height / 2
    m = (cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy)
    return m, shape.width, shape.height, (args["interpolation"], args["border"], args["fill"]), False


# Per-value ops: map(args, channels, stats) -> fn(values float64, channel) ---------------------------


def _normalize_affine(args, channels):
    scale, offset = [], []
    for c in range(channels):
        mean = args["mean"][0 if len(args["mean"]) == 1 else c]
        std = args["std"][0 if len(args["std"]) == 1 else c]
        scale.append(1 / (args["maxPixelValue"] * std))
        offset.append(-mean / std)
    return scale, offset


def _normalize_map(args, channels, stats):
    scale, offset = _normalize_affine(args, channels)
    return lambda v, c: v * scale[c] + offset[c]


def _normalize_check(p, shape):
    for key in ("mean", "std"):
        n = len(p[key])
        if n != 1 and n != shape.channels:
            plural = "" if shape.channels == 1 else "s"
            return f"{key} has {n} values but the image has {shape.channels} channel{plural} here: give 1 value or {shape.channels}"
    return None


def _posterize_map(args, channels, stats):
    mask = (0xFF << (8 - args["bits"])) & 0xFF
    return lambda v, c: (np.floor(np.minimum(255, np.maximum(0, v)) + 0.5).astype(np.int64) & mask).astype(np.float64)


def _contrast_map(args, channels, stats):
    f = args["factor"]
    m = stats if stats is not None else 0
    return lambda v, c: (v - m) * f + m


# Image ops -----------------------------------------------------------------------------------------


def _cutout_draw(rng, p, shape):
    n = rng.int(*p["count"])
    short = min(shape.width, shape.height)
    holes = []
    for _ in range(n):
        w = max(1, js_round(short * rng.uniform(*p["size"])))
        h = max(1, js_round(short * rng.uniform(*p["size"])))
        holes.append({"x": rng.int(0, max(0, shape.width - w)), "y": rng.int(0, max(0, shape.height - h)), "w": w, "h": h})
    return {"holes": holes, "fill": p["fill"], "maskFill": IGNORE_INDEX if p["mask"] == "ignore" else None}


def _cutout_apply(args, img):
    if not args["holes"]:
        return img
    out = img.data.copy()
    for hole in args["holes"]:
        out[hole["y"] : hole["y"] + hole["h"], hole["x"] : hole["x"] + hole["w"]] = args["fill"]
    return K.Work(out)


def _cutout_mask(args, mask):
    if args["maskFill"] is None or not args["holes"]:
        return mask
    out = mask.copy()
    for hole in args["holes"]:
        out[hole["y"] : hole["y"] + hole["h"], hole["x"] : hole["x"] + hole["w"]] = args["maskFill"]
    return out


def _salt_apply(args, img):
    if args["amount"] == 0:
        return img
    out = img.data.copy()
    H, W, C = out.shape
    flat = out.reshape(H * W, C)
    rng = Rng(args["seed"])
    amount, ratio = args["amount"], args["saltRatio"]
    for i in range(H * W):
        if rng.next() >= amount:
            continue
        flat[i, :] = 255 if rng.next() < ratio else 0
    return K.Work(out)


def _standardize_apply(args, img):
    v = img.data.astype(np.float64).ravel()
    n = v.size
    mean = float(np.add.accumulate(v)[-1]) / n
    # Two passes, as standardize.ts: the mean, then the squared deviations.
    dev = v - mean
    std = math.sqrt(float(np.add.accumulate(dev * dev)[-1]) / n)
    inv = 1 / max(std, 1 / math.sqrt(n))
    return K.Work(((img.data.astype(np.float64) - mean) * inv).astype(np.float32))


def _pointwise(fn, needs_stats=False):
    return {"map": fn, "needs_stats": needs_stats}


OPS = {}


def _register(op):
    if op.name in OPS:
        raise ValueError(f'op "{op.name}" is registered twice')
    OPS[op.name] = op


_none = lambda rng, p, shape: {}  # noqa: E731

_register(Op("resize", "preprocess", 1, "any", {
    "width": size(), "height": size(),
    "fit": choice(["stretch", "cover", "contain"], "stretch"),
    "interpolation": choice(["area", "bilinear", "nearest"], "area"),
    "fill": FILL,
}, "geometric", lambda rng, p, s: {k: p[k] for k in ("width", "height", "fit", "interpolation", "fill")}, _resize_transform, output_shape=fixed_size))
_register(Op("centerCrop", "preprocess", 1, "any", {"width": size(56), "height": size(56), "fill": FILL}, "geometric",
             lambda rng, p, s: {k: p[k] for k in ("width", "height", "fill")}, _center_crop_transform, output_shape=fixed_size))
_register(Op("toGrayscale", "preprocess", 1, "any", {"keepThreeChannels": boolean(False)}, "image",
             lambda rng, p, s: {"keepThreeChannels": p["keepThreeChannels"]},
             lambda args, img: K.to_grey(img, 3 if args["keepThreeChannels"] else 1),
             output_shape=lambda p, s: Shape(s.width, s.height, 3 if p["keepThreeChannels"] else 1)))
_register(Op("rescale", "preprocess", 1, "any", {"scale": num(1 / 255, -1000, 1000, unit="×"), "offset": num(0, -1000, 1000)}, "pointwise",
             lambda rng, p, s: {"scale": p["scale"], "offset": p["offset"]},
             _pointwise(lambda args, ch, st: (lambda v, c: v * args["scale"] + args["offset"])), leaves_pixel_range=True))
_register(Op("normalize", "preprocess", 1, "any", {
    "mean": vector(IMAGENET_MEAN, -1000, 1000, [1, 3]),
    "std": vector(IMAGENET_STD, STD_FLOOR, 1000, [1, 3]),
    "maxPixelValue": num(255, 1e-6, 65535),
}, "pointwise", lambda rng, p, s: {k: p[k] for k in ("mean", "std", "maxPixelValue")}, _pointwise(_normalize_map),
    leaves_pixel_range=True, check_shape=_normalize_check))
_register(Op("standardize", "preprocess", 1, "any", {}, "image", _none, _standardize_apply, leaves_pixel_range=True))
_register(Op("flip", "augment", 0.5, "any", {"direction": choice(["horizontal", "vertical", "either"], "horizontal")}, "geometric", _flip_draw, _flip_transform))
_register(Op("rotate", "augment", 0.5, "any", {
    "degrees": rng_([-15, 15], -180, 180, unit="degrees"), "interpolation": INTERPOLATION, "border": BORDER, "fill": FILL,
}, "geometric", lambda rng, p, s: {"degrees": rng.uniform(*p["degrees"]), "interpolation": p["interpolation"], "border": p["border"], "fill": p["fill"]}, _rotate_transform))
_register(Op("affine", "augment", 0.5, "any", {
    "translateX": rng_([-0.1, 0.1], -1, 1, unit="× width"),
    "translateY": rng_([-0.1, 0.1], -1, 1, unit="× height"),
    "scale": rng_([0.9, 1.1], 0.1, 10, unit="×"),
    "shearDegrees": rng_([-10, 10], -60, 60, unit="degrees"),
    "interpolation": INTERPOLATION, "border": BORDER, "fill": FILL,
}, "geometric", _affine_draw, _affine_transform))
_register(Op("randomResizedCrop", "augment", 1, "any", {
    "width": size(), "height": size(),
    "scale": rng_([0.08, 1], 0.01, 1, unit="× area"),
    "ratio": rng_([0.75, 4 / 3], 0.1, 10, unit="width / height"),
    "interpolation": INTERPOLATION,
}, "geometric", _rrc_draw, _rrc_transform, output_shape=fixed_size, inference=_rrc_inference))
_register(Op("randomCrop", "augment", 1, "any", {
    "width": size(56), "height": size(56), "padding": num(0, 0, 256, integer=True, unit="px"), "border": BORDER, "fill": FILL,
}, "geometric", _random_crop_draw, _random_crop_transform, output_shape=fixed_size, check_shape=_random_crop_check, inference=_random_crop_inference))
_register(Op("brightness", "augment", 0.5, "pixel", {"factor": factor()}, "pointwise",
             lambda rng, p, s: {"factor": rng.uniform(*p["factor"])}, _pointwise(lambda a, ch, st: (lambda v, c: v * a["factor"]))))
_register(Op("contrast", "augment", 0.5, "pixel", {"factor": factor()}, "pointwise",
             lambda rng, p, s: {"factor": rng.uniform(*p["factor"])}, _pointwise(_contrast_map, needs_stats=True)))
_register(Op("saturation", "augment", 0.5, "pixel", {"factor": factor()}, "image",
             lambda rng, p, s: {"factor": rng.uniform(*p["factor"])}, lambda a, img: img if a["factor"] == 1 else K.saturate(img, a["factor"])))
_register(Op("hue", "augment", 0.5, "pixel", {"degrees": rng_([-10, 10], -180, 180, unit="degrees")}, "image",
             lambda rng, p, s: {"degrees": rng.uniform(*p["degrees"])}, lambda a, img: K.shift_hue(img, a["degrees"])))
_register(Op("gamma", "augment", 0.5, "pixel", {"gamma": rng_([0.8, 1.25], 0.1, 10)}, "pointwise",
             lambda rng, p, s: {"gamma": math.exp(rng.uniform(math.log(p["gamma"][0]), math.log(p["gamma"][1])))},
             _pointwise(lambda a, ch, st: (lambda v, c: 255 * np.power(np.maximum(0, v) / 255, a["gamma"])))))
_register(Op("grayscale", "augment", 0.1, "pixel", {}, "image", _none, lambda a, img: img if img.channels < 3 else K.to_grey(img, img.channels)))
_register(Op("invert", "augment", 0.5, "pixel", {}, "pointwise", _none, _pointwise(lambda a, ch, st: (lambda v, c: 255 - v))))
_register(Op("solarize", "augment", 0.5, "pixel", {"threshold": rng_([128, 128], 0, 256, unit="pixel value")}, "pointwise",
             lambda rng, p, s: {"threshold": rng.uniform(*p["threshold"])},
             _pointwise(lambda a, ch, st: (lambda v, c: np.where(v >= a["threshold"], 255 - v, v)))))
_register(Op("posterize", "augment", 0.5, "pixel", {"bits": rng_([4, 8], 1, 8, integer=True, unit="bits")}, "pointwise",
             lambda rng, p, s: {"bits": rng.int(*p["bits"])}, _pointwise(_posterize_map)))
_register(Op("gaussianBlur", "augment", 0.5, "any", {"sigma": rng_([0.1, 1.5], 0, 10, unit="px")}, "image",
             lambda rng, p, s: {"sigma": rng.uniform(*p["sigma"])}, lambda a, img: K.gaussian_blur(img, a["sigma"])))
_register(Op("sharpen", "augment", 0.5, "pixel", {"amount": rng_([0.2, 1], 0, 5, unit="×")}, "image",
             lambda rng, p, s: {"amount": rng.uniform(*p["amount"])}, lambda a, img: K.sharpen(img, a["amount"])))
_register(Op("gaussianNoise", "augment", 0.5, "pixel", {
    "std": rng_([0.01, 0.05], 0, 1, unit="× pixel range"), "perChannel": boolean(True),
}, "noise", lambda rng, p, s: {"std": rng.uniform(*p["std"]), "perChannel": p["perChannel"], "seed": rng.next_uint32()},
    lambda a: K.NoiseStage(a["std"] * 255, a["seed"], a["perChannel"])))
_register(Op("saltAndPepper", "augment", 0.5, "pixel", {
    "amount": rng_([0.01, 0.05], 0, 1, unit="× pixels"), "saltRatio": num(0.5, 0, 1),
}, "image", lambda rng, p, s: {"amount": rng.uniform(*p["amount"]), "saltRatio": p["saltRatio"], "seed": rng.next_uint32()}, _salt_apply))
_register(Op("cutout", "augment", 0.5, "pixel", {
    "count": rng_([1, 2], 0, 32, integer=True, unit="holes"),
    "size": rng_([0.1, 0.3], 0, 1, unit="× short side"),
    "fill": FILL,
    "mask": choice(["leave", "ignore"], "leave"),
}, "image", _cutout_draw, _cutout_apply, mask_impl=_cutout_mask))


# Ops added after version 1 (shear, autoContrast, equalize) and the policy ops (policies.py).


def _shear_transform(args, shape):
    m = args["factor"]
    matrix = (1, m, 0, 0, 1, 0) if args["axis"] == "x" else (1, 0, 0, m, 1, 0)
    return matrix, shape.width, shape.height, (args["interpolation"], args["border"], args["fill"]), m == 0


def _auto_contrast_apply(args, img):
    """Each channel stretched to 0..255 (ops/autoContrast.ts): (v - lo) * (255 / (hi - lo)), a flat channel kept."""
    s = img.data.astype(np.float64)
    out = np.empty_like(s)
    for c in range(img.channels):
        ch = s[:, :, c]
        lo, hi = float(ch.min()), float(ch.max())
        scale = 255 / (hi - lo) if hi > lo else 1
        low = lo if hi > lo else 0
        out[:, :, c] = np.minimum(255, np.maximum(0, (ch - low) * scale))
    return K.Work(K.store(out, img.is_float))


def _equalize_apply(args, img):
    """Histogram equalisation per channel with PIL's table (ops/equalize.ts)."""
    s = img.data.astype(np.float64)
    out = s.copy()
    pixels = img.width * img.height
    for c in range(img.channels):
        idx = np.minimum(255, np.maximum(0, np.floor(s[:, :, c] + 0.5))).astype(np.int64)
        hist = np.bincount(idx.ravel(), minlength=256)
        last = 255
        while last > 0 and hist[last] == 0:
            last -= 1
        step = (pixels - int(hist[last])) // 255
        if step == 0:
            continue
        lut = np.empty(256, dtype=np.float64)
        total = step // 2
        for v in range(256):
            lut[v] = min(255, total // step)
            total += int(hist[v])
        out[:, :, c] = lut[idx]
    return K.Work(K.store(out, img.is_float))


_register(Op("shear", "augment", 0.5, "any", {
    "axis": choice(["x", "y"], "x"), "factor": rng_([-0.3, 0.3], -2, 2, unit="×"),
    "interpolation": INTERPOLATION, "border": BORDER, "fill": FILL,
}, "geometric", lambda rng, p, s: {"axis": p["axis"], "factor": rng.uniform(*p["factor"]), "interpolation": p["interpolation"], "border": p["border"], "fill": p["fill"]}, _shear_transform))
_register(Op("autoContrast", "augment", 0.5, "pixel", {}, "image", _none, _auto_contrast_apply))
_register(Op("equalize", "augment", 0.5, "pixel", {}, "image", _none, _equalize_apply))

# Policy ops: their draw picks other ops (kind "policy": impl gives the calls that take the step's place in
# the plan); AugMix (kind "mix": impl gives the image's weight and the weighted chains of calls).
_POLICY_INTERPOLATION = choice(["nearest", "bilinear"], "nearest")
_register(Op("randAugment", "augment", 1, "pixel", {
    "numOps": num(2, 0, 10, integer=True, unit="ops"), "magnitude": num(9, 0, 30, unit="of 30"),
    "magnitudeStd": num(0, 0, 10, unit="of 30"), "interpolation": _POLICY_INTERPOLATION, "fill": FILL,
}, "policy", P.draw_rand_augment, P.expand_args))
_register(Op("trivialAugmentWide", "augment", 1, "pixel", {"interpolation": _POLICY_INTERPOLATION, "fill": FILL}, "policy", P.draw_trivial_augment_wide, P.expand_args))
_register(Op("autoAugment", "augment", 1, "pixel", {
    "policy": choice(["imagenet", "cifar10", "svhn"], "imagenet"), "interpolation": _POLICY_INTERPOLATION, "fill": FILL,
}, "policy", P.draw_auto_augment, P.expand_args))
_register(Op("augMix", "augment", 1, "pixel", {
    "severity": num(3, 0, 10, integer=True, unit="of 10"),
    "mixtureWidth": num(3, 1, 10, integer=True, unit="chains"),
    "chainDepth": num(-1, -1, 10, integer=True, unit="ops"),
    "alpha": num(1, 0.01, 10),
    "allOps": boolean(True),
    "interpolation": choice(["nearest", "bilinear"], "bilinear"),
    "fill": FILL,
}, "mix", P.draw_augmix, P.augmix_mix))
