// Every series op: known answers on small series, and identity at zero strength.

import { describe, expect, it } from 'vitest';
import { defaultParams, type ParamSpecs, type ParamsOf } from '../params.js';
import { Rng } from '../rng.js';
import type { AnySeriesOp } from './op.js';
import { listSeriesOps, requireSeriesOp } from './registry.js';
import { makeSeries, type Series } from './series.js';

const s = (length: number, channels: number, values: number[]): Series => makeSeries(length, channels, Float32Array.from(values));
const apply = (name: string, args: unknown, input: Series) => requireSeriesOp(name).apply(args, input);
const values = (x: Series) => [...x.data];

describe('series ops: known answers', () => {
  it('resample stretches linearly, ends kept', () => {
    expect(values(apply('resample', { length: 7 }, s(4, 1, [0, 1, 2, 3])))).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(values(apply('resample', { length: 2 }, s(3, 2, [0, 10, 1, 11, 2, 12])))).toEqual([0, 10, 2, 12]);
  });

  it('cropOrPad cuts or pads where it is told, with zeros or the edge value', () => {
    expect(values(apply('cropOrPad', { length: 5, align: 'center', fill: 'zero' }, s(3, 1, [1, 2, 3])))).toEqual([0, 1, 2, 3, 0]);
    expect(values(apply('cropOrPad', { length: 5, align: 'start', fill: 'edge' }, s(3, 1, [1, 2, 3])))).toEqual([1, 2, 3, 3, 3]);
    expect(values(apply('cropOrPad', { length: 2, align: 'end', fill: 'zero' }, s(3, 1, [1, 2, 3])))).toEqual([2, 3]);
    expect(values(apply('cropOrPad', { length: 2, align: 'start', fill: 'zero' }, s(3, 1, [1, 2, 3])))).toEqual([1, 2]);
  });

  it('standardize: per sample per channel, or with the given statistics; a flat channel gives zeros', () => {
    expect(values(apply('standardize', { statistics: 'perSample', mean: [0], std: [1] }, s(2, 2, [1, 5, 3, 5])))).toEqual([-1, 0, 1, 0]);
    expect(values(apply('standardize', { statistics: 'dataset', mean: [1, 0], std: [2, 4] }, s(2, 2, [1, 4, 3, 8])))).toEqual([0, 1, 1, 2]);
  });

  it('minMax maps each channel onto [low, high]; a flat channel to the middle', () => {
    expect(values(apply('minMax', { low: 0, high: 1 }, s(3, 2, [2, 7, 4, 7, 6, 7])))).toEqual([0, 0.5, 0.5, 0.5, 1, 0.5]);
    expect(values(apply('minMax', { low: -1, high: 1 }, s(2, 1, [3, 5])))).toEqual([-1, 1]);
  });

  it('jitter adds noise of the drawn sigma (mean 0, std sigma over many values)', () => {
    const n = 20000;
    const out = apply('jitter', { sigma: 0.5, seed: 7 }, makeSeries(n, 1));
    const mean = out.data.reduce((a, v) => a + v, 0) / n;
    const std = Math.sqrt(out.data.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeGreaterThan(0.48);
    expect(std).toBeLessThan(0.52);
  });

  it('scaling multiplies each channel by its factor', () => {
    expect(values(apply('scaling', { factors: [2, 0.5] }, s(2, 2, [1, 4, 3, 8])))).toEqual([2, 2, 6, 4]);
  });

  it('magnitudeWarp through constant knots multiplies by that constant', () => {
    const out = apply('magnitudeWarp', { knots: 4, values: [[2, 2, 2, 2, 2, 2]] }, s(5, 1, [1, 2, 3, 4, 5]));
    [2, 4, 6, 8, 10].forEach((v, i) => expect(out.data[i]).toBeCloseTo(v, 5));
  });

  it('timeWarp at one constant speed is the identity (the clock is rescaled to the length)', () => {
    const input = s(6, 1, [0, 1, 4, 9, 16, 25]);
    const out = apply('timeWarp', { knots: 4, speeds: [1.7, 1.7, 1.7, 1.7, 1.7, 1.7] }, input);
    [0, 1, 4, 9, 16, 25].forEach((v, i) => expect(out.data[i]).toBeCloseTo(v, 4));
  });

  it('timeWarp: faster at the start reads later input steps early', () => {
    const input = s(9, 1, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const out = apply('timeWarp', { knots: 1, speeds: [0.5, 1, 2] }, input);
    expect(out.data[0]).toBe(0);
    expect(out.data[8]).toBe(8);
    // Slow start on the clock means the output runs ahead of the input early on.
    expect(out.data[4]!).toBeGreaterThan(4);
  });

  it('windowSlice stretches the window back to the full length', () => {
    expect(values(apply('windowSlice', { start: 1, size: 3 }, s(5, 1, [0, 10, 20, 30, 40])))).toEqual([10, 15, 20, 25, 30]);
  });

  it('windowWarp squeezes one window and resamples to the length', () => {
    const out = apply('windowWarp', { start: 2, size: 4, scale: 0.5 }, s(10, 1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // The warped sequence is [0, 1, 2, 5, 6, 7, 8, 9] (window 2..5 squeezed to 2 values), read at 8 positions / 10.
    expect(out.length).toBe(10);
    expect(out.data[0]).toBe(0);
    expect(out.data[9]).toBe(9);
    expect(out.data[3]).toBeCloseTo(2 + 3 * (3 * 7 / 9 - 2), 5);
  });

  it('permutation reorders NumPy array_split segments', () => {
    expect(values(apply('permutation', { order: [1, 0] }, s(5, 1, [0, 1, 2, 3, 4])))).toEqual([3, 4, 0, 1, 2]);
    expect(values(apply('permutation', { order: [2, 0, 1] }, s(4, 1, [0, 1, 2, 3])))).toEqual([3, 0, 1, 2]);
  });

  it("drift adds the walk scaled to the channel's span", () => {
    expect(values(apply('drift', { amount: 0.5, walks: [[0, 1]] }, s(3, 1, [0, 2, 4])))).toEqual([0, 3, 6]);
  });

  it('dropout fills dropped steps by its rule', () => {
    const x = s(4, 1, [5, 6, 7, 8]);
    expect(values(apply('dropout', { steps: [1, 2], fill: 'previous' }, x))).toEqual([5, 5, 5, 8]);
    expect(values(apply('dropout', { steps: [1, 2], fill: 'zero' }, x))).toEqual([5, 0, 0, 8]);
    expect(values(apply('dropout', { steps: [1, 2], fill: 'mean' }, x))).toEqual([5, 6.5, 6.5, 8]);
    expect(values(apply('dropout', { steps: [0], fill: 'previous' }, x))).toEqual([6, 6, 7, 8]);
  });

  it('reverse plays the steps backwards, channels kept together', () => {
    expect(values(apply('reverse', {}, s(3, 2, [1, 10, 2, 20, 3, 30])))).toEqual([3, 30, 2, 20, 1, 10]);
  });

  it('channelRotation rotates each x-y-z triple (90 degrees about z), leaves the rest', () => {
    const op = requireSeriesOp('channelRotation');
    const out = op.apply({ matrices: [[0, -1, 0, 1, 0, 0, 0, 0, 1]] }, s(1, 4, [1, 0, 5, 9]));
    expect(values(out)).toEqual([0, 1, 5, 9]);
    // Drawn rotations keep the length of every (x, y, z) vector.
    const input = s(2, 3, [1, 2, 3, -4, 0.5, 2]);
    const args = op.draw(new Rng(3), defaultParams(op.params as ParamSpecs), input);
    const rotated = op.apply(args, input);
    for (let t = 0; t < 2; t++) {
      const norm = (d: Float32Array) => Math.hypot(d[t * 3]!, d[t * 3 + 1]!, d[t * 3 + 2]!);
      expect(norm(rotated.data)).toBeCloseTo(norm(input.data), 4);
    }
  });

  it('smooth averages a centred window that shrinks at the ends', () => {
    expect(values(apply('smooth', { window: 3 }, s(4, 1, [0, 3, 6, 9])))).toEqual([1.5, 3, 6, 7.5]);
  });
});

/** Parameters at zero strength for every augment op (and preprocess ops at the input's length). */
const ZERO: Record<string, Record<string, unknown>> = {
  resample: { length: 9 },
  cropOrPad: { length: 9 },
  jitter: { sigma: [0, 0] },
  scaling: { sigma: [0, 0] },
  randomNoiseDistortion: { noiseSigma: [0, 0], scalingSigma: [0, 0] },
  magnitudeWarp: { sigma: [0, 0] },
  timeWarp: { sigma: [0, 0] },
  windowSlice: { ratio: [1, 1] },
  windowWarp: { scales: [1, 1] },
  permutation: { maxSegments: 1 },
  drift: { maxDrift: [0, 0] },
  dropout: { rate: [0, 0] },
  channelRotation: { degrees: [0, 0] },
  smooth: { window: 1 },
};

describe('series ops: identity at zero strength', () => {
  const input = s(9, 3, Array.from({ length: 27 }, (_, i) => Math.sin(i * 1.3) * 10 + i));
  const withZero = (op: AnySeriesOp): ParamsOf<ParamSpecs> => ({ ...defaultParams(op.params as ParamSpecs), ...ZERO[op.name] }) as ParamsOf<ParamSpecs>;
  for (const op of listSeriesOps()) {
    if (op.name === 'reverse' || op.name === 'standardize' || op.name === 'minMax') continue; // no strength: they run fully or not at all
    it(`${op.name} returns its input's bytes`, () => {
      for (let seed = 0; seed < 20; seed++) {
        const out = op.apply(op.draw(new Rng(seed), withZero(op), input), input);
        expect(out.length).toBe(9);
        expect(values(out)).toEqual(values(input));
      }
    });
  }
  it('every op is in the table or said to have no strength', () => {
    expect(listSeriesOps().map((o) => o.name).filter((n) => !(n in ZERO)).sort()).toEqual(['minMax', 'reverse', 'standardize']);
  });
});
