"""Pixel kernels in NumPy, with the arithmetic of src/pipeline/kernels/*.ts (float64, the same order of
operations, 8-bit stores rounding half to even and clamping like Uint8ClampedArray), so results
match the TypeScript library bit for bit where libm agrees."""

import math
from collections import namedtuple

import numpy as np

from .rng import Rng, normal_table

LUMA_R = 0.299
LUMA_G = 0.587
LUMA_B = 0.114


class Work:
    """The working image between steps: HWC, uint8 until a step makes floats, then float32."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data

    @property
    def height(self):
        return self.data.shape[0]

    @property
    def width(self):
        return self.data.shape[1]

    @property
    def channels(self):
        return self.data.shape[2]

    @property
    def is_float(self):
        return self.data.dtype == np.float32


def store(values, like_float):
    """Writes float64 values into the working image's storage type (Uint8ClampedArray or Float32Array)."""
    if like_float:
        return values.astype(np.float32)
    return to_u8(values)


def to_u8(values):
    v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    return np.rint(np.clip(v, 0, 255)).astype(np.uint8)


def clamp_pixel(v):
    """v > 255 ? 255 : v >= 0 ? v : 0 (NaN becomes 0)."""
    return np.where(v > 255, 255.0, np.where(v >= 0, v, 0.0))


# Geometry --------------------------------------------------------------------------------------

IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def compose(outer, inner):
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a1 * a2 + b1 * d2, a1 * b2 + b1 * e2, a1 * c2 + b1 * f2 + c1, d1 * a2 + e1 * d2, d1 * b2 + e1 * e2, d1 * c2 + e1 * f2 + f1)


def invert(m):
    a, b, c, d, e, f = m
    det = a * e - b * d
    if det == 0:
        raise ValueError("affine map is not invertible")
    ia = e / det
    ib = -b / det
    i_d = -d / det
    ie = a / det
    return (ia, ib, -(ia * c + ib * f), i_d, ie, -(i_d * c + ie * f))


def _border_index(i, n, border):
    """Index after the border rule, -1 for the fill value (geometry.ts borderIndex), vectorised."""
    inside = (i >= 0) & (i < n)
    if border == "reflect":
        if n == 1:
            other = np.zeros_like(i)
        else:
            period = 2 * n - 2
            k = np.mod(i, period)
            other = np.where(k < n, k, period - k)
    elif border == "edge":
        other = np.clip(i, 0, n - 1)
    else:
        other = np.full_like(i, -1)
    return np.where(inside, i, other)


def _positions(m, width, height):
    """Sample positions in index space: a * (x + 0.5) + (b * (y + 0.5) + c - 0.5), as geometry.ts posX/posY."""
    a, b, c, d, e, f = m
    xc = (np.arange(width, dtype=np.float64) + 0.5)[None, :]
    yc = (np.arange(height, dtype=np.float64) + 0.5)[:, None]
    sx = a * xc + (b * yc + c - 0.5)
    sy = d * xc + (e * yc + f - 0.5)
    return sx, sy


def warp_affine(src, m, width, height, sampling):
    interpolation, border, fill = sampling
    if interpolation == "area":
        return resize_area(src, m, width, height, fill)
    s = src.data
    H, W, C = s.shape
    sx, sy = _positions(m, width, height)
    if interpolation != "bilinear":
        ix = np.floor(sx + 0.5).astype(np.int64)
        iy = np.floor(sy + 0.5).astype(np.int64)
        bx = _border_index(ix, W, border)
        by = _border_index(iy, H, border)
        ok = (bx >= 0) & (by >= 0)
        out = s[np.where(ok, by, 0), np.where(ok, bx, 0)]
        out = np.where(ok[..., None], out, np.asarray(fill, dtype=s.dtype))
        return Work(out.astype(s.dtype))
    x0 = np.floor(sx)
    y0 = np.floor(sy)
    fx = sx - x0
    fy = sy - y0
    w00 = ((1 - fx) * (1 - fy))[..., None]
    w01 = (fx * (1 - fy))[..., None]
    w10 = ((1 - fx) * fy)[..., None]
    w11 = (fx * fy)[..., None]
    x0 = x0.astype(np.int64)
    y0 = y0.astype(np.int64)
    ix0 = _border_index(x0, W, border)
    ix1 = _border_index(x0 + 1, W, border)
    iy0 = _border_index(y0, H, border)
    iy1 = _border_index(y0 + 1, H, border)
    sf = s.astype(np.float64)

    def tap(iy, ix):
        ok = (ix >= 0) & (iy >= 0)
        v = sf[np.where(ok, iy, 0), np.where(ok, ix, 0)]
        return np.where(ok[..., None], v, float(fill))

    acc = w00 * tap(iy0, ix0) + w01 * tap(iy0, ix1) + w10 * tap(iy1, ix0) + w11 * tap(iy1, ix1)
    return Work(store(acc, src.is_float))


ChainStep = namedtuple("ChainStep", "matrix in_width in_height bilinear border fill")


def _pos(m, x, y):
    a, b, c, d, e, f = m
    return a * (x + 0.5) + (b * (y + 0.5) + c - 0.5), d * (x + 0.5) + (e * (y + 0.5) + f - 0.5)


def _walk(chain, start, stop, x, y, alive, fill):
    """Follows pixels (x, y) of chain[start]'s output back through index steps start..stop, with each
    frame's border rule; pixels that fall out of a constant border die with that frame's fill."""
    for k in range(start, stop - 1, -1):
        st = chain[k]
        px, py = _pos(st.matrix, x, y)
        nx = np.floor(px + 0.5).astype(np.int64)
        ny = np.floor(py + 0.5).astype(np.int64)
        bx = _border_index(nx, st.in_width, st.border)
        by = _border_index(ny, st.in_height, st.border)
        out = alive & ((bx < 0) | (by < 0))
        fill = np.where(out, float(st.fill), fill)
        alive = alive & ~out
        x = np.where(alive, bx, 0)
        y = np.where(alive, by, 0)
    return x, y, alive, fill


def warp_chain(src, chain, width, height):
    """A chain of geometric steps in one pass, byte for byte the steps one at a time (geometry.ts warpChain)."""
    if len(chain) == 1:
        st = chain[0]
        return warp_affine(src, st.matrix, width, height, ("bilinear" if st.bilinear else "nearest", st.border, st.fill))
    s = src.data.astype(np.float64)
    yy, xx = np.meshgrid(np.arange(height, dtype=np.int64), np.arange(width, dtype=np.int64), indexing="ij")
    alive = np.ones((height, width), dtype=bool)
    fill = np.zeros((height, width))
    bil = [k for k, st in enumerate(chain) if st.bilinear]
    last = len(chain) - 1

    def pick(x, y, alive, fill):
        return np.where(alive[..., None], s[np.where(alive, y, 0), np.where(alive, x, 0)], fill[..., None])

    if not bil:
        x, y, alive, fill = _walk(chain, last, 0, xx, yy, alive, fill)
        return Work(store(pick(x, y, alive, fill), src.is_float))
    b = bil[0]
    x, y, alive, fill = _walk(chain, last, b + 1, xx, yy, alive, fill)
    st = chain[b]
    sx, sy = _pos(st.matrix, x, y)
    x0 = np.floor(sx)
    y0 = np.floor(sy)
    fx = sx - x0
    fy = sy - y0
    weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy]
    x0 = x0.astype(np.int64)
    y0 = y0.astype(np.int64)
    acc = None
    for t in range(4):
        tx = _border_index(x0 + (t & 1), st.in_width, st.border)
        ty = _border_index(y0 + (t >> 1), st.in_height, st.border)
        inside = (tx >= 0) & (ty >= 0)
        tfill = np.where(inside, 0.0, float(st.fill))
        wx, wy, talive, tfill = _walk(chain, b - 1, 0, np.where(inside, tx, 0), np.where(inside, ty, 0), inside, tfill)
        v = pick(wx, wy, talive, tfill)
        term = weights[t][..., None] * v
        acc = term if acc is None else acc + term
    out = np.where(alive[..., None], acc, fill[..., None])
    return Work(store(out, src.is_float))


def warp_mask(mask, chain, width, height):
    """The mask through the same chain, every step as an index step, 0 outside every frame."""
    steps = [ChainStep(st.matrix, st.in_width, st.in_height, False, "constant", 0) for st in chain]
    yy, xx = np.meshgrid(np.arange(height, dtype=np.int64), np.arange(width, dtype=np.int64), indexing="ij")
    x, y, alive, _ = _walk(steps, len(steps) - 1, 0, xx, yy, np.ones((height, width), dtype=bool), np.zeros((height, width)))
    return np.where(alive, mask[np.where(alive, y, 0), np.where(alive, x, 0)], 0).astype(np.uint8)


def _area_taps(out_size, in_size, scale, offset):
    taps = []
    for i in range(out_size):
        lo = scale * i + offset
        hi = scale * (i + 1) + offset
        if lo > hi:
            lo, hi = hi, lo
        length = hi - lo
        row = []
        if length < 1e-12:
            row.append((min(in_size - 1, max(0, int(np.floor(lo)))), 1.0))
        else:
            k = int(np.floor(lo))
            while k < hi:
                overlap = min(hi, k + 1) - max(lo, k)
                if overlap > 1e-12:
                    # Weights are stored as float32 in the TypeScript kernel.
                    row.append((k if 0 <= k < in_size else -1, float(np.float32(overlap / length))))
                k += 1
        taps.append(row)
    return taps


def resize_area(src, m, width, height, fill):
    a, b, c, d, e, f = m
    if b != 0 or d != 0:
        raise ValueError("area interpolation needs an axis-aligned map (resize, crop, flip)")
    s = src.data.astype(np.float64)
    H, W, C = s.shape
    tx = _area_taps(width, W, a, c)
    ty = _area_taps(height, H, e, f)
    tmp = np.zeros((H, width, C), dtype=np.float32)
    for x, row in enumerate(tx):
        for ix, w in row:
            v = np.full((H, C), float(fill)) if ix < 0 else s[:, ix, :]
            tmp[:, x, :] = (tmp[:, x, :].astype(np.float64) + w * v).astype(np.float32)
    t64 = tmp.astype(np.float64)
    out = np.zeros((height, width, C), dtype=np.float64)
    for y, row in enumerate(ty):
        acc = np.zeros((width, C), dtype=np.float64)
        for iy, w in row:
            acc = acc + w * (np.full((width, C), float(fill)) if iy < 0 else t64[iy])
        out[y] = acc
    return Work(store(out, src.is_float))


# Per-value runs -----------------------------------------------------------------------------------


def _seq_sum(values):
    """Sum in order, as a JavaScript loop adds (not NumPy's pairwise sum)."""
    if values.size == 0:
        return 0.0
    return float(np.add.accumulate(values.astype(np.float64).ravel())[-1])


def image_stats(data):
    """Mean of the luma (BT.601), or of the one channel, summed pixel by pixel."""
    C = data.shape[2]
    n = data.shape[0] * data.shape[1]
    v = data.astype(np.float64).reshape(n, C)
    luma = v[:, 0] if C == 1 else LUMA_R * v[:, 0] + LUMA_G * v[:, 1] + LUMA_B * v[:, 2]
    return _seq_sum(luma) / n


def _stats_through_lut(hist, lut, C, pixels):
    means = []
    for c in range(C):
        total = 0.0
        for v in range(256):
            total += float(hist[c, v]) * float(lut[c, v])
        means.append(total / pixels)
    if C < 3:
        return means[0]
    return LUMA_R * means[0] + LUMA_G * means[1] + LUMA_B * means[2]


class MapStage:
    """A per-value step: fn(values float64 array, channel) -> float64 array."""

    kind = "map"

    def __init__(self, build, needs_stats, pixel, affine):
        self.build = build
        self.needs_stats = needs_stats
        self.pixel = pixel
        self.affine = affine


class NoiseStage:
    kind = "noise"

    def __init__(self, sigma, seed, per_channel):
        self.sigma = sigma
        self.seed = seed
        self.per_channel = per_channel


def can_join(stages, stage, input_is_float):
    if stage.kind != "map" or not stage.needs_stats or not stages:
        return True
    return (not input_is_float) and all(s.kind == "map" for s in stages)


def _compile(src, stages):
    C = src.channels
    first = 0
    lut = None
    eight_bit = not src.is_float
    if eight_bit:
        lut = np.tile(np.arange(256, dtype=np.float32), (C, 1))
        hist = None
        while first < len(stages) and stages[first].kind == "map":
            stage = stages[first]
            stats = None
            if stage.needs_stats:
                if hist is None:
                    flat = src.data.reshape(-1, C)
                    hist = np.stack([np.bincount(flat[:, c], minlength=256) for c in range(C)])
                stats = _stats_through_lut(hist, lut, C, src.width * src.height)
            fn = stage.build(stats)
            rows = []
            for c in range(C):
                y = fn(lut[c].astype(np.float64), c)
                if stage.pixel:
                    y = to_u8(y).astype(np.float64) if eight_bit else clamp_pixel(y)
                rows.append(y)
            lut = np.stack(rows).astype(np.float32)
            if not stage.pixel:
                eight_bit = False
            first += 1
    rest = stages[first:]
    return lut, rest, eight_bit and not rest


def _values_after_lut(src, lut):
    if lut is None:
        return src.data.astype(np.float64)
    C = src.channels
    out = np.empty(src.data.shape, dtype=np.float64)
    for c in range(C):
        out[..., c] = lut[c][src.data[..., c]].astype(np.float64)
    return out


def _noise_normals(stage, H, W, C):
    """One normal per value (per channel) or per pixel, drawn pixel-major as the TypeScript loops do."""
    per = C if stage.per_channel else 1
    draws = Rng(stage.seed).uint32s(H * W * per)
    normals = normal_table()[draws >> 16].astype(np.float64).reshape(H, W, per)
    return normals if per == C else np.repeat(normals, C, axis=2)


def run_pointwise(src, stages):
    """Applies a run of per-value stages in one pass; uint8 out only when every stage went into the table."""
    lut, rest, eight_bit_out = _compile(src, stages)
    values = _values_after_lut(src, lut)
    H, W, C = src.data.shape
    if eight_bit_out:
        return Work(values.astype(np.uint8))
    stats = None
    for stage in rest:
        if stage.kind == "noise":
            values = clamp_pixel(values + stage.sigma * _noise_normals(stage, H, W, C))
        else:
            if stage.needs_stats and stats is None:
                # As the TypeScript general tail: the statistics of the values after the table.
                stats = image_stats(_values_after_lut(src, lut))
            fn = stage.build(stats)
            y = np.empty_like(values)
            for c in range(C):
                y[..., c] = fn(values[..., c], c)
            values = clamp_pixel(y) if stage.pixel else y
    return Work(values.astype(np.float32))


# Whole-image kernels -----------------------------------------------------------------------------


def to_grey(src, out_channels):
    s = src.data.astype(np.float64)
    g = s[..., 0] if src.channels == 1 else LUMA_R * s[..., 0] + LUMA_G * s[..., 1] + LUMA_B * s[..., 2]
    return Work(store(np.repeat(g[..., None], out_channels, axis=2), src.is_float))


def saturate(src, factor):
    if src.channels < 3:
        return src
    s = src.data.astype(np.float64)
    r, g, b = s[..., 0], s[..., 1], s[..., 2]
    grey = LUMA_R * r + LUMA_G * g + LUMA_B * b
    hi = np.inf if src.is_float else 255.0
    out = np.stack([np.minimum(hi, np.maximum(0, grey + factor * (ch - grey))) for ch in (r, g, b)], axis=2)
    return Work(store(out, src.is_float))


def shift_hue(src, degrees):
    if src.channels < 3 or degrees == 0:
        return src
    s = src.data.astype(np.float64)
    r, g, b = s[..., 0], s[..., 1], s[..., 2]
    shift = math.fmod(math.fmod(degrees / 360, 1) + 1, 1)
    mx = np.maximum(np.maximum(r, g), b)
    mn = np.minimum(np.minimum(r, g), b)
    delta = mx - mn
    safe = np.where(delta == 0, 1.0, delta)
    with np.errstate(invalid="ignore", divide="ignore"):
        h = np.where(mx == r, (g - b) / safe / 6, np.where(mx == g, ((b - r) / safe + 2) / 6, ((r - g) / safe + 4) / 6))
    h = h + shift
    h = h - np.floor(h)
    h6 = h * 6
    sector = np.floor(h6)
    f = h6 - sector
    q = mx - delta * f
    t = mn + delta * f
    conds = [sector == 0, sector == 1, sector == 2, sector == 3, sector == 4]
    rr = np.select(conds, [mx, q, mn, mn, t], mx)
    gg = np.select(conds, [t, mx, mx, q, mn], mn)
    bb = np.select(conds, [mn, mn, t, mx, mx], q)
    out = np.stack([rr, gg, bb], axis=2)
    flat = (delta == 0)[..., None]
    out = np.where(flat, s[..., :3], out)
    return Work(store(out, src.is_float))


def sharpen(src, amount):
    if amount == 0:
        return src
    s = src.data.astype(np.float64)
    H, W, _ = s.shape
    out = s.copy()
    if H >= 3 and W >= 3:
        c = s[1:-1, 1:-1]
        ring = s[:-2, :-2] + s[:-2, 1:-1] + s[:-2, 2:] + s[1:-1, :-2] + s[1:-1, 2:] + s[2:, :-2] + s[2:, 1:-1] + s[2:, 2:]
        smooth = (ring + 5 * c) / 13
        hi = np.inf if src.is_float else 255.0
        out[1:-1, 1:-1] = np.minimum(hi, np.maximum(0, c + amount * (c - smooth)))
    return Work(store(out, src.is_float))


# Gaussian blur (kernels/filters.ts): the exact separable kernel up to EXACT_BLUR_MAX_SIGMA, four
# extended boxes above it (cost independent of sigma). Mirrored borders (reflect 101).

GAUSSIAN_RADIUS_SIGMAS = 3
EXACT_BLUR_MAX_SIGMA = 2
BOX_PASSES = 4


def _reflect101(i, n):
    if n == 1:
        return np.zeros_like(i)
    period = 2 * n - 2
    k = np.mod(i, period)
    return np.where(k < n, k, period - k)


def gaussian_kernel(sigma):
    radius = max(1, math.ceil(GAUSSIAN_RADIUS_SIGMAS * sigma))
    k = [math.exp(-(i * i) / (2 * sigma * sigma)) for i in range(-radius, radius + 1)]
    total = 0.0
    for w in k:
        total += w
    return [w / total for w in k]


def extended_box(sigma):
    v = (sigma * sigma) / BOX_PASSES
    r = math.floor(0.5 * math.sqrt(12 * v + 1) - 0.5)
    alpha = ((2 * r + 1) * (r * (r + 1) - 3 * v)) / (6 * (v - (r + 1) * (r + 1)))
    return r, alpha


def _box_lines(lines, r, alpha):
    """BOX_PASSES extended boxes along axis 0 of `lines` (n x M), with the running sum of filters.ts."""
    n = lines.shape[0]
    norm = 1 / (2 * r + 1 + 2 * alpha)
    idx = _reflect101(np.arange(n + 2 * r + 2) - r - 1, n)
    for _ in range(BOX_PASSES):
        ext = lines[idx]
        total = np.zeros(lines.shape[1])
        for j in range(1, 2 * r + 1):
            total = total + ext[j]
        out = np.empty_like(lines)
        for i in range(n):
            total = total + ext[i + 2 * r + 1]
            out[i] = (total + alpha * (ext[i] + ext[i + 2 * r + 2])) * norm
            total = total - ext[i + 1]
        lines = out
    return lines


def gaussian_blur(src, sigma):
    if sigma <= 0:
        return src
    H, W, C = src.data.shape
    if sigma > EXACT_BLUR_MAX_SIGMA:
        r, alpha = extended_box(sigma)
        values = src.data.astype(np.float64)
        rows = _box_lines(values.transpose(1, 0, 2).reshape(W, H * C), r, alpha)
        values = rows.reshape(W, H, C).transpose(1, 0, 2)
        cols = _box_lines(np.ascontiguousarray(values).reshape(H, W * C), r, alpha)
        return Work(store(cols.reshape(H, W, C), src.is_float))
    kernel = gaussian_kernel(sigma)
    r = (len(kernel) - 1) // 2
    s = src.data.astype(np.float64)
    xs = np.arange(W)
    acc = np.zeros((H, W, C))
    for t in range(-r, r + 1):
        acc = acc + kernel[t + r] * s[:, _reflect101(xs + t, W), :]
    tmp = acc.astype(np.float32).astype(np.float64)
    ys = np.arange(H)
    acc = np.zeros((H, W, C))
    for t in range(-r, r + 1):
        acc = acc + kernel[t + r] * tmp[_reflect101(ys + t, H), :, :]
    return Work(store(acc, src.is_float))
