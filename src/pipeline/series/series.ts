// A time series in the pipeline: `length` time steps of `channels` values, stored time-major
// (data[t * channels + c]), the layout a 1-D convolution reads ([steps, channels]). Shared kernels
// of the series ops: linear resampling at given positions, Gaussian draws, a natural cubic spline.

import { getNormalTable, type Rng } from '../rng.js';

export interface SeriesShape {
  length: number;
  channels: number;
}

export interface Series extends SeriesShape {
  data: Float32Array;
}

export function makeSeries(length: number, channels: number, data?: Float32Array): Series {
  const values = data ?? new Float32Array(length * channels);
  if (values.length !== length * channels) {
    throw new Error(`series: ${values.length} values is not ${length} steps x ${channels} channels`);
  }
  return { length, channels, data: values };
}

/** One standard-normal draw: the shared quantile table indexed by 16 random bits (as image noise). */
export function normal(rng: Rng): number {
  return getNormalTable()[rng.nextUint32() >>> 16]!;
}

/**
 * Reads the series at fractional time positions (linear interpolation, ends held):
 * out[t, c] = x(pos[t], c). A position that is an integer reads that step exactly.
 */
export function resampleAt(src: Series, positions: Float64Array): Series {
  const { length, channels, data } = src;
  const outLen = positions.length;
  const out = new Float32Array(outLen * channels);
  const last = length - 1;
  for (let t = 0; t < outLen; t++) {
    let p = positions[t]!;
    if (p <= 0) p = 0;
    else if (p >= last) p = last;
    const i0 = Math.floor(p);
    const f = p - i0;
    const o = t * channels;
    const a = i0 * channels;
    if (f === 0 || i0 >= last) {
      for (let c = 0; c < channels; c++) out[o + c] = data[a + c]!;
    } else {
      const b = a + channels;
      for (let c = 0; c < channels; c++) out[o + c] = data[a + c]! + (data[b + c]! - data[a + c]!) * f;
    }
  }
  return { length: outLen, channels, data: out };
}

/** Positions that stretch [start, end] (in input steps) over `outLen` output steps. */
export function linearPositions(start: number, end: number, outLen: number): Float64Array {
  const pos = new Float64Array(outLen);
  if (outLen === 1) {
    pos[0] = (start + end) / 2;
    return pos;
  }
  const step = (end - start) / (outLen - 1);
  for (let t = 0; t < outLen; t++) pos[t] = start + step * t;
  return pos;
}

/**
 * Natural cubic spline through (xs[k], ys[k]) (xs increasing), evaluated at t = 0..count-1.
 * Um et al. (2017) use SciPy's CubicSpline (not-a-knot ends); natural ends here keep the Python
 * port to NumPy alone. The tridiagonal system is solved by the Thomas algorithm.
 */
export function splineCurve(xs: Float64Array, ys: Float64Array, count: number): Float64Array {
  const n = xs.length;
  const m = new Float64Array(n); // second derivatives; m[0] = m[n-1] = 0 (natural)
  if (n > 2) {
    const cp = new Float64Array(n);
    const dp = new Float64Array(n);
    for (let i = 1; i < n - 1; i++) {
      const h0 = xs[i]! - xs[i - 1]!;
      const h1 = xs[i + 1]! - xs[i]!;
      const a = h0;
      const b = 2 * (h0 + h1);
      const c = h1;
      const d = 6 * ((ys[i + 1]! - ys[i]!) / h1 - (ys[i]! - ys[i - 1]!) / h0);
      const denom = b - a * cp[i - 1]!;
      cp[i] = c / denom;
      dp[i] = (d - a * dp[i - 1]!) / denom;
    }
    for (let i = n - 2; i >= 1; i--) m[i] = dp[i]! - cp[i]! * m[i + 1]!;
  }
  const out = new Float64Array(count);
  let k = 0;
  for (let t = 0; t < count; t++) {
    while (k < n - 2 && t > xs[k + 1]!) k++;
    const x0 = xs[k]!;
    const x1 = xs[k + 1]!;
    const h = x1 - x0;
    const a = (x1 - t) / h;
    const b = (t - x0) / h;
    out[t] = a * ys[k]! + b * ys[k + 1]! + ((a * a * a - a) * m[k]! + (b * b * b - b) * m[k + 1]!) * (h * h) / 6;
  }
  return out;
}

/** Knot positions of the warps: `knots` interior knots plus both ends, evenly over the series. */
export function knotPositions(length: number, knots: number): Float64Array {
  const xs = new Float64Array(knots + 2);
  for (let k = 0; k < knots + 2; k++) xs[k] = ((length - 1) * k) / (knots + 1);
  return xs;
}

export function copySeries(s: Series): Series {
  return { length: s.length, channels: s.channels, data: s.data.slice() };
}
