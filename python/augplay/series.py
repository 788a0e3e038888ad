"""augplay's time-series pipelines (modality "series") in Python, as src/pipeline/series: the same
step checks and messages, the same random draws (one stream per (seed, epoch, index, step)) and the
same values. A series is float32, time-major: shape (length, channels).

Values: TypeScript computes in float64 (JavaScript numbers) and stores float32 after every op; this
port does the same arithmetic in float64 in the same order (sums sequential, as np.cumsum adds) and
rounds to float32 at the same places, so outputs agree to the last float32 bit except where libm's
cos/sin/hypot differ by an ulp (channelRotation)."""

import math

import numpy as np

from .jsfmt import UNDEFINED, echo
from .ops import choice, num, rng_, vector
from .rng import Rng, normal_table, sample_seed, step_seed

# Smallest std standardize divides by (series/ops/standardize.ts SERIES_STD_FLOOR).
SERIES_STD_FLOOR = 1e-8
# Slowest speed of a time warp (series/ops/timeWarp.ts MIN_SPEED).
MIN_SPEED = 1e-3


def _js_round(x):
    return math.floor(x + 0.5)


def normal(rng):
    """One standard-normal draw: the shared float32 quantile table indexed by 16 random bits."""
    return float(normal_table()[rng.next_uint32() >> 16])


# Kernels (series/series.ts) ------------------------------------------------------------------------


def resample_at(x, positions):
    """x (L, C) float32 read at fractional time positions, linear, ends held."""
    length = x.shape[0]
    last = length - 1
    p = np.clip(np.asarray(positions, dtype=np.float64), 0, last)
    i0 = np.floor(p).astype(np.int64)
    f = p - i0
    hold = (f == 0) | (i0 >= last)
    i1 = np.minimum(i0 + 1, last)
    a = x[i0].astype(np.float64)
    b = x[i1].astype(np.float64)
    out = np.where(hold[:, None], a, a + (b - a) * f[:, None])
    return out.astype(np.float32)


def linear_positions(start, end, count):
    if count == 1:
        return np.array([(start + end) / 2], dtype=np.float64)
    step = (end - start) / (count - 1)
    return start + step * np.arange(count, dtype=np.float64)


def spline_curve(xs, ys, count):
    """Natural cubic spline through (xs, ys), at t = 0..count-1 (series.ts splineCurve)."""
    n = len(xs)
    m = [0.0] * n
    if n > 2:
        cp = [0.0] * n
        dp = [0.0] * n
        for i in range(1, n - 1):
            h0 = xs[i] - xs[i - 1]
            h1 = xs[i + 1] - xs[i]
            d = 6 * ((ys[i + 1] - ys[i]) / h1 - (ys[i] - ys[i - 1]) / h0)
            denom = 2 * (h0 + h1) - h0 * cp[i - 1]
            cp[i] = h1 / denom
            dp[i] = (d - h0 * dp[i - 1]) / denom
        for i in range(n - 2, 0, -1):
            m[i] = dp[i] - cp[i] * m[i + 1]
    xs_a, ys_a, m_a = np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64), np.array(m)
    t = np.arange(count, dtype=np.float64)
    k = np.searchsorted(xs_a[1 : n - 1], t, side="left")
    x0, x1 = xs_a[k], xs_a[k + 1]
    h = x1 - x0
    a = (x1 - t) / h
    b = (t - x0) / h
    return a * ys_a[k] + b * ys_a[k + 1] + ((a * a * a - a) * m_a[k] + (b * b * b - b) * m_a[k + 1]) * (h * h) / 6


def knot_positions(length, knots):
    return [((length - 1) * k) / (knots + 1) for k in range(knots + 2)]


def _seq_sum(v):
    """Sum added left to right in float64, as a JavaScript loop (np.sum pairs terms up)."""
    return float(np.cumsum(v.astype(np.float64))[-1]) if v.size else 0.0


# Ops (series/ops/*.ts): params, draw(rng, params, shape) -> args, apply(args, x) -> x --------------


def _resample_apply(a, x):
    if a["length"] == x.shape[0]:
        return x
    return resample_at(x, linear_positions(0, x.shape[0] - 1, a["length"]))


def _crop_or_pad_apply(a, x):
    length, channels = x.shape
    n = a["length"]
    if n == length:
        return x
    diff = n - length
    shift = 0 if a["align"] == "start" else diff if a["align"] == "end" else int(diff / 2)
    src = np.arange(n) - shift
    inside = (src >= 0) & (src < length)
    out = np.zeros((n, channels), dtype=np.float32)
    out[inside] = x[src[inside]]
    if a["fill"] == "edge":
        out[~inside] = x[np.where(src[~inside] < 0, 0, length - 1)]
    return out


def _standardize_apply(a, x):
    length, channels = x.shape
    out = np.empty_like(x)
    for c in range(channels):
        v = x[:, c].astype(np.float64)
        if a["statistics"] == "perSample":
            mean = _seq_sum(v) / length
            d = v - mean
            std = math.sqrt(_seq_sum(d * d) / length)
        else:
            mean = a["mean"][0] if len(a["mean"]) == 1 else (a["mean"][c] if c < len(a["mean"]) else 0)
            std = a["std"][0] if len(a["std"]) == 1 else (a["std"][c] if c < len(a["std"]) else 1)
        inv = 1 / max(std, SERIES_STD_FLOOR)
        out[:, c] = (v - mean) * inv
    return out


def _min_max_apply(a, x):
    out = np.empty_like(x)
    for c in range(x.shape[1]):
        v = x[:, c].astype(np.float64)
        lo, hi = float(v.min()), float(v.max())
        if hi > lo:
            scale = (a["high"] - a["low"]) / (hi - lo)
            out[:, c] = a["low"] + (v - lo) * scale
        else:
            out[:, c] = (a["low"] + a["high"]) / 2
    return out


def _jitter_draw(rng, p, shape):
    return {"sigma": rng.uniform(p["sigma"][0], p["sigma"][1]), "seed": rng.next_uint32()}


def _jitter_apply(a, x):
    if a["sigma"] == 0:
        return x
    noise = normal_table()[Rng(a["seed"]).uint32s(x.size) >> 16].astype(np.float64)
    return (x.ravel().astype(np.float64) + a["sigma"] * noise).astype(np.float32).reshape(x.shape)


def _scaling_draw(rng, p, shape):
    sigma = rng.uniform(p["sigma"][0], p["sigma"][1])
    return {"factors": [1 + sigma * normal(rng) for _ in range(shape[1])]}


def _scaling_apply(a, x):
    if all(f == 1 for f in a["factors"]):
        return x
    return (x.astype(np.float64) * np.array(a["factors"], dtype=np.float64)[None, :]).astype(np.float32)


def _random_noise_distortion_draw(rng, p, shape):
    """The alias of jitter + scaling (series/ops/randomNoiseDistortion.ts): jitter's draws, then scaling's, on one stream."""
    noise = _jitter_draw(rng, {"sigma": p["noiseSigma"]}, shape)
    scale = _scaling_draw(rng, {"sigma": p["scalingSigma"]}, shape)
    return {"noiseSigma": noise["sigma"], "seed": noise["seed"], "factors": scale["factors"]}


def _random_noise_distortion_apply(a, x):
    return _scaling_apply({"factors": a["factors"]}, _jitter_apply({"sigma": a["noiseSigma"], "seed": a["seed"]}, x))


def _magnitude_warp_draw(rng, p, shape):
    sigma = rng.uniform(p["sigma"][0], p["sigma"][1])
    values = [[1 + sigma * normal(rng) for _ in range(p["knots"] + 2)] for _ in range(shape[1])]
    return {"knots": p["knots"], "values": values}


def _magnitude_warp_apply(a, x):
    if all(k == 1 for v in a["values"] for k in v):
        return x
    length = x.shape[0]
    xs = knot_positions(length, a["knots"])
    out = np.empty_like(x)
    for c in range(x.shape[1]):
        curve = spline_curve(xs, a["values"][c], length) if length > 1 else np.array([a["values"][c][0]], dtype=np.float64)
        out[:, c] = x[:, c].astype(np.float64) * curve
    return out


def _time_warp_draw(rng, p, shape):
    sigma = rng.uniform(p["sigma"][0], p["sigma"][1])
    return {"knots": p["knots"], "speeds": [1 + sigma * normal(rng) for _ in range(p["knots"] + 2)]}


def _time_warp_apply(a, x):
    length = x.shape[0]
    if length < 2 or all(v == 1 for v in a["speeds"]):
        return x
    speed = np.maximum(spline_curve(knot_positions(length, a["knots"]), a["speeds"], length), MIN_SPEED)
    cum = np.zeros(length, dtype=np.float64)
    cum[1:] = np.cumsum((speed[:-1] + speed[1:]) / 2)
    cum = cum * ((length - 1) / cum[-1])
    pos = np.empty(length, dtype=np.float64)
    k = 0
    for t in range(length):
        if t <= cum[0]:
            pos[t] = 0
            continue
        while k < length - 2 and cum[k + 1] < t:
            k += 1
        span = cum[k + 1] - cum[k]
        pos[t] = length - 1 if t >= cum[length - 1] else k + ((t - cum[k]) / span if span > 0 else 0)
    return resample_at(x, pos)


def _window_slice_draw(rng, p, shape):
    length = shape[0]
    ratio = rng.uniform(p["ratio"][0], p["ratio"][1])
    size = max(1, min(length, math.ceil(ratio * length)))
    return {"start": rng.int(0, length - size), "size": size}


def _window_slice_apply(a, x):
    if a["size"] >= x.shape[0]:
        return x
    return resample_at(x, linear_positions(a["start"], a["start"] + a["size"] - 1, x.shape[0]))


def _window_warp_draw(rng, p, shape):
    length = shape[0]
    ratio = rng.uniform(p["windowRatio"][0], p["windowRatio"][1])
    size = min(length, math.ceil(ratio * length))
    scale = p["scales"][0] if rng.chance(0.5) else p["scales"][1]
    return {"start": rng.int(0, length - size), "size": size, "scale": scale}


def _window_warp_apply(a, x):
    length = x.shape[0]
    start, size = a["start"], a["size"]
    warped = max(1, _js_round(size * a["scale"]))
    if size < 2 or warped == size or length < 2:
        return x
    total = length - size + warped
    pos = np.concatenate([np.arange(start, dtype=np.float64), linear_positions(start, start + size - 1, warped), np.arange(start + size, length, dtype=np.float64)])
    mid = resample_at(x, pos)
    return resample_at(mid, linear_positions(0, total - 1, length))


def _permutation_draw(rng, p, shape):
    count = min(shape[0], rng.int(1, p["maxSegments"]))
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = rng.int(0, i)
        order[i], order[j] = order[j], order[i]
    return {"order": order}


def _permutation_apply(a, x):
    order = a["order"]
    if order == list(range(len(order))):
        return x
    # NumPy's array_split: the first L % n segments are one step longer.
    return np.ascontiguousarray(np.concatenate([np.array_split(x, len(order))[k] for k in order]))


def _drift_draw(rng, p, shape):
    amount = rng.uniform(p["maxDrift"][0], p["maxDrift"][1])
    walks = []
    for _ in range(shape[1]):
        walk = [0]
        for k in range(p["points"]):
            walk.append(walk[k] + normal(rng))
        walks.append(walk)
    return {"amount": amount, "walks": walks}


def _drift_apply(a, x):
    length, channels = x.shape
    if a["amount"] == 0 or length < 2:
        return x
    out = np.empty_like(x)
    t = np.arange(length, dtype=np.float64)
    for c in range(channels):
        walk = np.array(a["walks"][c], dtype=np.float64)
        peak = float(np.max(np.abs(walk)))
        v = x[:, c].astype(np.float64)
        gain = (a["amount"] * (float(v.max()) - float(v.min()))) / peak if peak > 0 else 0
        segs = len(walk) - 1
        pos = (t * segs) / (length - 1)
        k = np.minimum(segs - 1, np.floor(pos)).astype(np.int64)
        d = walk[k] + (walk[k + 1] - walk[k]) * (pos - k)
        out[:, c] = v + gain * d
    return out


def _dropout_draw(rng, p, shape):
    rate = rng.uniform(p["rate"][0], p["rate"][1])
    steps = [t for t in range(shape[0]) if rng.next() < rate] if rate > 0 else []
    return {"steps": steps, "fill": p["fill"]}


def _dropout_apply(a, x):
    if not a["steps"]:
        return x
    length, channels = x.shape
    out = x.copy()
    dropped = np.zeros(length, dtype=bool)
    dropped[a["steps"]] = True
    for c in range(channels):
        v = x[:, c]
        if a["fill"] == "mean":
            out[dropped, c] = _seq_sum(v) / length
        elif a["fill"] == "zero":
            out[dropped, c] = 0
        else:
            kept = np.flatnonzero(~dropped)
            fill = v[kept[0]] if kept.size else 0
            for t in range(length):
                if dropped[t]:
                    out[t, c] = fill
                else:
                    fill = v[t]
    return out


def _channel_rotation_draw(rng, p, shape):
    matrices = []
    for _ in range(shape[1] // 3):
        angle = (rng.uniform(p["degrees"][0], p["degrees"][1]) * math.pi) / 180
        x, y, z = normal(rng), normal(rng), normal(rng)
        n = math.hypot(x, y, z) or 1
        x, y, z = x / n, y / n, z / n
        if angle == 0:
            matrices.append([1, 0, 0, 0, 1, 0, 0, 0, 1])
            continue
        cos, sin = math.cos(angle), math.sin(angle)
        k = 1 - cos
        matrices.append([cos + x * x * k, x * y * k - z * sin, x * z * k + y * sin, y * x * k + z * sin, cos + y * y * k, y * z * k - x * sin, z * x * k - y * sin, z * y * k + x * sin, cos + z * z * k])
    return {"matrices": matrices}


def _channel_rotation_apply(a, x):
    identity = [1, 0, 0, 0, 1, 0, 0, 0, 1]
    if all(m == identity for m in a["matrices"]):
        return x
    out = x.copy()
    for g, m in enumerate(a["matrices"]):
        v = x[:, 3 * g : 3 * g + 3].astype(np.float64)
        for r in range(3):
            out[:, 3 * g + r] = m[3 * r] * v[:, 0] + m[3 * r + 1] * v[:, 1] + m[3 * r + 2] * v[:, 2]
    return out


def _smooth_apply(a, x):
    w = a["window"]
    if w <= 1:
        return x
    length = x.shape[0]
    left = (w - 1) // 2
    right = w - 1 - left
    out = np.empty_like(x)
    for t in range(length):
        lo, hi = max(0, t - left), min(length - 1, t + right)
        # Sequential float64 sums over the window, as the TypeScript loop adds.
        acc = np.zeros(x.shape[1], dtype=np.float64)
        for u in range(lo, hi + 1):
            acc = acc + x[u].astype(np.float64)
        out[t] = acc / (hi - lo + 1)
    return out


class SeriesOp:
    def __init__(self, name, stage, params, draw, apply, default_p=0.5, output_length=None):
        self.name = name
        self.stage = stage
        self.default_p = 1 if stage == "preprocess" else default_p
        self.params = params
        self.draw = draw
        self.apply = apply
        self.output_length = output_length


def _fixed(*names):
    return lambda rng, p, shape: {n: (list(p[n]) if isinstance(p[n], list) else p[n]) for n in names}


def _uniform_arg(name):
    return lambda rng, p, shape: rng.uniform(p[name][0], p[name][1])


_LENGTHS = list(range(1, 13))
SERIES_OPS = {
    op.name: op
    for op in [
        SeriesOp("resample", "preprocess", {"length": num(128, 2, 65536, integer=True, unit="steps")}, _fixed("length"), _resample_apply, output_length=lambda p: p["length"]),
        SeriesOp("cropOrPad", "preprocess", {"length": num(128, 1, 65536, integer=True, unit="steps"), "align": choice(["start", "center", "end"], "start"), "fill": choice(["zero", "edge"], "zero")}, _fixed("length", "align", "fill"), _crop_or_pad_apply, output_length=lambda p: p["length"]),
        SeriesOp("standardize", "preprocess", {"statistics": choice(["perSample", "dataset"], "perSample"), "mean": vector([0], -1e6, 1e6, _LENGTHS), "std": vector([1], 0, 1e6, _LENGTHS, exclusive_min=True)}, _fixed("statistics", "mean", "std"), _standardize_apply),
        SeriesOp("minMax", "preprocess", {"low": num(0, -1e6, 1e6), "high": num(1, -1e6, 1e6)}, _fixed("low", "high"), _min_max_apply),
        SeriesOp("jitter", "augment", {"sigma": rng_([0.03, 0.03], 0, 5)}, _jitter_draw, _jitter_apply),
        SeriesOp("scaling", "augment", {"sigma": rng_([0.1, 0.1], 0, 2)}, _scaling_draw, _scaling_apply),
        SeriesOp("randomNoiseDistortion", "augment", {"noiseSigma": rng_([0.03, 0.03], 0, 5), "scalingSigma": rng_([0.1, 0.1], 0, 2)}, _random_noise_distortion_draw, _random_noise_distortion_apply),
        SeriesOp("magnitudeWarp", "augment", {"sigma": rng_([0.2, 0.2], 0, 2), "knots": num(4, 1, 64, integer=True)}, _magnitude_warp_draw, _magnitude_warp_apply),
        SeriesOp("timeWarp", "augment", {"sigma": rng_([0.2, 0.2], 0, 1), "knots": num(4, 1, 64, integer=True)}, _time_warp_draw, _time_warp_apply),
        SeriesOp("windowSlice", "augment", {"ratio": rng_([0.9, 0.9], 0.05, 1)}, _window_slice_draw, _window_slice_apply),
        SeriesOp("windowWarp", "augment", {"windowRatio": rng_([0.1, 0.1], 0, 1), "scales": rng_([0.5, 2], 0.1, 10)}, _window_warp_draw, _window_warp_apply),
        SeriesOp("permutation", "augment", {"maxSegments": num(4, 1, 64, integer=True)}, _permutation_draw, _permutation_apply),
        SeriesOp("drift", "augment", {"maxDrift": rng_([0.5, 0.5], 0, 5), "points": num(3, 1, 64, integer=True)}, _drift_draw, _drift_apply),
        SeriesOp("dropout", "augment", {"rate": rng_([0.05, 0.05], 0, 1), "fill": choice(["previous", "zero", "mean"], "previous")}, _dropout_draw, _dropout_apply),
        SeriesOp("reverse", "augment", {}, lambda rng, p, shape: {}, lambda a, x: np.ascontiguousarray(x[::-1])),
        SeriesOp("channelRotation", "augment", {"degrees": rng_([-180, 180], -180, 180, unit="degrees")}, _channel_rotation_draw, _channel_rotation_apply),
        SeriesOp("smooth", "augment", {"window": num(5, 1, 255, integer=True, unit="steps")}, _fixed("window"), _smooth_apply),
    ]
}

# Series ops this port refuses (none: every series op is ported). A pipeline naming one is refused
# with the op's name (parse_series_step), never run differently.
SERIES_PENDING = {}


# Reading a series step (series/parseStep.ts) ---------------------------------------------------------


def parse_series_step(raw, path, issues):
    from .schema import _Issues, _check_param, _join, preprocess_p_issue, step_enabled_and_params, step_head

    name, extra = step_head(raw, path, issues, "jitter", series=True)
    if name is None:
        return None
    op = SERIES_OPS.get(name)
    if op is None:
        issues.append((f"{path}.op", f"unknown time-series op {echo(name)}; known series ops: {', '.join(SERIES_OPS)}"))
        return None
    if name in SERIES_PENDING:
        issues.append((f"{path}.op", f"{name} is not supported by the Python port of augplay yet ({SERIES_PENDING[name]})"))
        return None
    ok = not extra
    stage = raw.get("stage", op.stage)
    if stage != op.stage or not isinstance(stage, str):
        issues.append((f"{path}.stage", f'{op.name} is {"an augment" if op.stage == "augment" else "a preprocess"} op: its stage must be "{op.stage}", got {echo(stage)}'))
        ok = False
    p = raw.get("p", op.default_p)
    if not (isinstance(p, (int, float)) and not isinstance(p, bool) and 0 <= p <= 1):
        issues.append((f"{path}.p", f"expected a probability from 0 to 1, got {echo(p)}"))
        ok = False
    elif op.stage == "preprocess" and p != 1:
        issues.append(preprocess_p_issue(path, p))
        ok = False
    enabled, enabled_ok, raw_params = step_enabled_and_params(raw, path, issues)
    if raw_params is None:
        return None
    ok = ok and enabled_ok
    found = _Issues()
    params = {n: _check_param(raw_params.get(n, UNDEFINED), spec, _join(f"{path}.params", n), found) for n, spec in op.params.items()}
    unknown = [k for k in raw_params if k not in op.params]
    if unknown:
        known = f" (known: {', '.join(op.params)})" if op.params else " (it takes none)"
        found.add(f"{path}.params", f"unknown parameter {', '.join(echo(k) for k in unknown[:5])} for {op.name}{known}")
    if found.items:
        issues.extend((a, b) for a, b, _ in found.items)
        return None
    if not ok:
        return None
    return {"op": op.name, "stage": op.stage, "p": p, "enabled": enabled, "params": params}


# Running (series/run.ts) -------------------------------------------------------------------------


class SeriesResult:
    """The pipeline's output: `data` float32 of shape (length, channels), and the trace of the steps."""

    def __init__(self, data, trace):
        self.data = data
        self.trace = trace

    @property
    def shape(self):
        return self.data.shape


def _checked(pipeline):
    from .schema import PipelineError, parse_pipeline

    if not (isinstance(pipeline, dict) and pipeline.get("format") == "augplay.pipeline" and "output" in pipeline and isinstance(pipeline.get("steps"), list) and all("params" in s for s in pipeline["steps"])):
        pipeline = parse_pipeline(pipeline)
    if pipeline.get("modality", "image") != "series":
        raise PipelineError([("modality", f'this pipeline is for modality "{pipeline.get("modality", "image")}", not time series: use run_pipeline, or load a series pipeline')])
    return pipeline


def series_output_length(pipeline, length):
    """The output length for an input length: the same in training and at inference."""
    pipeline = _checked(pipeline)
    for step in pipeline["steps"]:
        op = SERIES_OPS[step["op"]]
        if step["enabled"] and op.output_length:
            length = op.output_length(step["params"])
    return length


def run_series_pipeline(pipeline, series, epoch=0, index=0, mode="train", seed=None):
    """Runs a series pipeline on one sample: `series` is (length, channels) (or (length,): one
    channel), float32 out of shape (length', channels). mode="inference" runs the preprocess steps
    only. Same (pipeline, seed, epoch, index): same values as the TypeScript library."""
    if mode not in ("train", "inference"):
        raise ValueError(f'mode: expected "train" or "inference", got {mode!r}')
    pipeline = _checked(pipeline)
    x = np.asarray(series)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"series: expected length x channels (at least 1 x 1), got shape {x.shape}")
    start = np.ascontiguousarray(x, dtype=np.float32)
    s = start
    base = sample_seed(pipeline["seed"] if seed is None else seed, epoch, index)
    trace = []
    for i, step in enumerate(pipeline["steps"]):
        op = SERIES_OPS[step["op"]]
        if not step["enabled"] or (mode == "inference" and op.stage == "augment"):
            trace.append({"step": i, "op": op.name, "applied": False})
            continue
        rng = Rng(step_seed(base, i))
        if op.stage == "augment" and not rng.chance(step["p"]):
            trace.append({"step": i, "op": op.name, "applied": False})
            continue
        args = op.draw(rng, step["params"], s.shape)
        s = op.apply(args, s)
        trace.append({"step": i, "op": op.name, "applied": True, "args": args})
    return SeriesResult(s.copy() if s is start or s is x else s, trace)


# One series from a file, at the working length (predict.py, train.py) --------------------------------

SERIES_EXTENSIONS = (".csv", ".tsv", ".txt")
LENGTH_RULES = ("resample", "cropOrPad")


def parse_series_text(text, name="series"):
    """A series as the app's Predict box and per-sample CSVs hold it: one line per time step, channels
    separated by commas, tabs, semicolons or spaces; a first line that is not numbers (channel names)
    is a header; one line of many values is a one-channel series. float32 (length, channels)."""
    import re

    rows = [line.strip() for line in re.split(r"\r\n|\n|\r", text) if line.strip()]
    cells = [re.split(r"[\s,;]+", r) for r in rows]

    def numeric(row):
        try:
            return all(math.isfinite(float(c)) for c in row)
        except ValueError:
            return False

    start = 1 if cells and not numeric(cells[0]) and len(cells) > 1 else 0
    body = cells[start:]
    if not body:
        raise ValueError(f"{name}: no values (expected one line per time step, channels separated by commas)")
    by_row = [[c] for c in body[0]] if len(body) == 1 else body
    channels = len(by_row[0])
    out = np.empty((len(by_row), channels), dtype=np.float32)
    for t, row in enumerate(by_row):
        line = start + (1 if len(body) == 1 else t + 1)
        if len(row) != channels:
            raise ValueError(f"{name}, line {line}: {len(row)} values, the first line has {channels}")
        for c, cell in enumerate(row):
            try:
                v = float(cell)
            except ValueError:
                v = math.nan
            if not math.isfinite(v):
                raise ValueError(f"{name}, line {line}: {cell[:40]!r} is not a number")
            out[t, c] = v
    return out


def read_series(path):
    with open(path, encoding="utf-8") as f:
        return parse_series_text(f.read(), path)


def to_working_length(x, length, rule):
    """A series brought to the working length as the app's import does (data/series/dataset.ts
    toWorkingLength): "resample" stretches linearly, "cropOrPad" cuts or zero-pads at the end."""
    if rule not in LENGTH_RULES:
        raise ValueError(f"lengthRule: expected one of {', '.join(LENGTH_RULES)}, got {rule!r}")
    x = np.ascontiguousarray(x, dtype=np.float32)
    if rule == "resample":
        return _resample_apply({"length": length}, x)
    return _crop_or_pad_apply({"length": length, "align": "start", "fill": "zero"}, x)
