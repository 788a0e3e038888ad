"""Seeded random numbers, the same stream as src/pipeline/rng.ts (sfc32, per-(seed, epoch, index, step)
streams), so Python draws exactly what the TypeScript library draws."""

import math

import numpy as np

M32 = 0xFFFFFFFF


def _fmix32(h):
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & M32
    h ^= h >> 16
    return h


def hash_ints(*values):
    """Hashes a list of integers into one uint32 (order matters), as rng.ts hashInts."""
    h = 0x9E3779B9
    for v in values:
        h = _fmix32(((h ^ (int(v) & M32)) + 0x7F4A7C15) & M32)
    return h


def sample_seed(seed, epoch, index):
    return hash_ints(seed, epoch, index)


def step_seed(sample_seed_value, step_index):
    return hash_ints(sample_seed_value, 0x5354455, step_index)


class Rng:
    """sfc32 with 12 warm-up draws, seeded from one 32-bit word."""

    __slots__ = ("a", "b", "c", "d")

    def __init__(self, seed):
        self.a = 0x9E3779B9
        self.b = 0x243F6A88
        self.c = 0xB7E15162
        self.d = int(seed) & M32
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        c2 = (c + (c << 3)) & M32
        self.b = c2
        self.c = ((((c << 21) | (c >> 11)) & M32) + t) & M32
        return t

    def uint32s(self, count):
        """The next `count` draws of next_uint32(), as a uint32 array (rng.ts fillInt32)."""
        out = np.empty(count, dtype=np.uint32)
        a, b, c, d = self.a, self.b, self.c, self.d
        for i in range(count):
            t = (a + b + d) & M32
            d = (d + 1) & M32
            a = b ^ (b >> 9)
            b2 = (c + (c << 3)) & M32
            c = ((((c << 21) | (c >> 11)) & M32) + t) & M32
            b = b2
            out[i] = t
        self.a, self.b, self.c, self.d = a, b, c, d
        return out

    def next(self):
        return self.next_uint32() / 4294967296

    def uniform(self, lo, hi):
        if lo == hi:
            return lo
        return lo + (hi - lo) * self.next()

    def int(self, lo, hi):
        if lo == hi:
            return lo
        return lo + math.floor(self.next() * (hi - lo + 1))

    def chance(self, p):
        if p >= 1:
            return True
        if p <= 0:
            return False
        return self.next() < p


def log_uniform(rng, lo, hi):
    if lo == hi:
        return lo
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def normal_quantile(p):
    """Inverse of the standard normal CDF (Acklam's approximation), as rng.ts normalQuantile."""
    a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
    b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
    c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
    d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
    low = 0.02425
    if p < low:
        q = math.sqrt(-2 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    if p > 1 - low:
        return -normal_quantile(1 - p)
    q = p - 0.5
    r = q * q
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)


_NORMAL_TABLE = None


def normal_table():
    """65,536 standard-normal quantiles at (i + 0.5) / N, as float32 (rng.ts getNormalTable)."""
    global _NORMAL_TABLE
    if _NORMAL_TABLE is None:
        n = 1 << 16
        _NORMAL_TABLE = np.array([normal_quantile((i + 0.5) / n) for i in range(n)], dtype=np.float32)
    return _NORMAL_TABLE
