"""Workload S2 with NumPy, one process: the same six ops as bench/s2.ts, written as the literature's
reference implementations are (Um et al. 2017; Iwana & Uchida 2021), per sample, vectorised over
time and channels. Natural cubic splines (NumPy only, as the TypeScript ops) instead of SciPy's
CubicSpline. Reads the series bench/node-s2.ts wrote; prints one JSON line: series/s per length.

Usage: python3 s2_numpy.py S2_DIR SECONDS
"""
import json
import os
import sys
import time

import numpy as np

CHANNELS = 3
LENGTHS = (128, 1024)
ROUNDS = 7


def natural_spline(xs, ys, t):
    """Natural cubic spline through (xs, ys), evaluated at t (xs increasing)."""
    n = len(xs)
    h = np.diff(xs)
    a = np.zeros((n, n))
    r = np.zeros(n)
    a[0, 0] = a[-1, -1] = 1.0
    for i in range(1, n - 1):
        a[i, i - 1] = h[i - 1]
        a[i, i] = 2 * (h[i - 1] + h[i])
        a[i, i + 1] = h[i]
        r[i] = 6 * ((ys[i + 1] - ys[i]) / h[i] - (ys[i] - ys[i - 1]) / h[i - 1])
    m = np.linalg.solve(a, r)
    k = np.clip(np.searchsorted(xs, t, side="left") - 1, 0, n - 2)
    x0, x1 = xs[k], xs[k + 1]
    hk = x1 - x0
    aa = (x1 - t) / hk
    bb = (t - x0) / hk
    return aa * ys[k] + bb * ys[k + 1] + ((aa ** 3 - aa) * m[k] + (bb ** 3 - bb) * m[k + 1]) * hk * hk / 6


def jitter(x, rng, sigma=0.03):
    return x + rng.normal(0.0, sigma, x.shape)


def scaling(x, rng, sigma=0.1):
    return x * rng.normal(1.0, sigma, (1, x.shape[1]))


def magnitude_warp(x, rng, sigma=0.2, knots=4):
    length = x.shape[0]
    xs = np.linspace(0, length - 1, knots + 2)
    t = np.arange(length, dtype=np.float64)
    curves = np.stack([natural_spline(xs, rng.normal(1.0, sigma, knots + 2), t) for _ in range(x.shape[1])], axis=1)
    return x * curves


def time_warp(x, rng, sigma=0.2, knots=4):
    length = x.shape[0]
    xs = np.linspace(0, length - 1, knots + 2)
    t = np.arange(length, dtype=np.float64)
    speed = np.maximum(natural_spline(xs, rng.normal(1.0, sigma, knots + 2), t), 1e-3)
    clock = np.concatenate(([0.0], np.cumsum((speed[:-1] + speed[1:]) / 2)))
    clock *= (length - 1) / clock[-1]
    pos = np.interp(t, clock, t)
    return np.stack([np.interp(pos, t, x[:, c]) for c in range(x.shape[1])], axis=1)


def window_slice(x, rng, ratio=0.9):
    length = x.shape[0]
    size = int(np.ceil(ratio * length))
    start = rng.integers(0, length - size + 1)
    pos = np.linspace(start, start + size - 1, length)
    t = np.arange(length, dtype=np.float64)
    return np.stack([np.interp(pos, t, x[:, c]) for c in range(x.shape[1])], axis=1)


def standardize(x):
    return (x - x.mean(axis=0)) / np.maximum(x.std(axis=0), 1e-8)


def pipeline(x, rng):
    x = jitter(x, rng)
    x = scaling(x, rng)
    x = magnitude_warp(x, rng)
    x = time_warp(x, rng)
    x = window_slice(x, rng)
    return standardize(x).astype(np.float32)


def rate(series, seconds):
    rng = np.random.default_rng(0)
    best_wall = best_cpu = 0.0
    for _ in range(ROUNDS):
        n = 0
        w0, c0 = time.perf_counter(), time.process_time()
        while True:
            pipeline(series[n % len(series)], rng)
            n += 1
            if time.perf_counter() - w0 >= seconds / ROUNDS:
                break
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        best_wall = max(best_wall, n / wall)
        best_cpu = max(best_cpu, n / cpu if cpu > 0 else 0.0)
    return best_wall, best_cpu


def main():
    folder, seconds = sys.argv[1], float(sys.argv[2])
    per_s, per_cpu_s = {}, {}
    for length in LENGTHS:
        raw = np.fromfile(os.path.join(folder, f"s2_{length}.f32"), dtype=np.float32)
        series = [s.astype(np.float64) for s in raw.reshape(-1, length, CHANNELS)]
        for s in series[:2]:
            pipeline(s, np.random.default_rng(1))  # warm-up
        per_s[str(length)], per_cpu_s[str(length)] = rate(series, seconds)
        print(f"s2_numpy {length} steps: {per_s[str(length)]:.0f}/s", file=sys.stderr)
    print(json.dumps({"numpy_series_per_s": per_s, "numpy_series_per_cpu_s": per_cpu_s, "numpy_version": np.__version__}))


if __name__ == "__main__":
    main()
