// Batch steps (mixUp, cutMix): λ ~ Beta(alpha, alpha) within statistical bounds, the mixed pixels
// and soft targets as published (torchvision v2 pairing: each sample with the one before it), the
// same draws for the same (seed, epoch, batch), and the parser's refusals naming the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBatchMix, drawBatchMix, drawBeta, type BatchStep } from './batchMix.js';
import { parsePipeline } from './index.js';
import { Rng } from './rng.js';
import { bothWays } from './wasm/testing.js';

const step = (op: BatchStep['op'], alpha = 1, p = 1): BatchStep => ({ op, alpha, p, enabled: true });

function batch(size: number, w: number, h: number, c: number) {
  const x = Float32Array.from({ length: size * w * h * c }, (_, i) => (i * 37) % 101);
  const labels = Int32Array.from({ length: size }, (_, k) => k % 3);
  return { x, labels, numClasses: 3, width: w, height: h, channels: c, layout: 'NHWC' as const };
}

describe('Beta draws', () => {
  for (const alpha of [0.2, 1, 4]) {
    it(`Beta(${alpha}, ${alpha}): mean 1/2 and variance 1/(4(2a+1)) within bounds`, () => {
      const rng = new Rng(alpha * 1000);
      const n = 20000;
      const xs = Array.from({ length: n }, () => drawBeta(rng, alpha));
      expect(xs.every((v) => v >= 0 && v <= 1)).toBe(true);
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      const expected = 1 / (4 * (2 * alpha + 1));
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(expected / n));
      expect(Math.abs(variance - expected) / expected).toBeLessThan(0.05);
    });
  }
});

describe('mixing a batch', () => {
  it('mixUp: each sample is λ·itself + (1−λ)·the one before it; soft targets weigh the labels alike', () => {
    const t = batch(4, 3, 2, 3);
    const before = t.x.slice();
    const draw = drawBatchMix([step('mixUp', 0.4)], 5, 1, 10, 3, 2)!;
    expect(draw.op).toBe('mixUp');
    const soft = applyBatchMix(t, draw);
    const per = 18;
    const l = draw.lambda;
    for (let k = 0; k < 4; k++) {
      const j = (k + 3) % 4;
      for (let i = 0; i < per; i++) expect(t.x[k * per + i]).toBeCloseTo(l * before[k * per + i]! + (1 - l) * before[j * per + i]!, 4);
      const row = Array.from(soft.subarray(k * 3, k * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      const want = [0, 0, 0];
      want[t.labels[k]!]! += l;
      want[t.labels[j]!]! += 1 - l;
      row.forEach((v, c) => expect(v).toBeCloseTo(want[c]!, 6));
    }
  });

  it("cutMix: a box of the previous sample's pixels, λ = the area kept, in either layout", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (index, w, h) => {
        const nhwc = batch(3, w, h, 2);
        const before = nhwc.x.slice();
        const draw = drawBatchMix([step('cutMix')], 1, 0, index, w, h)!;
        const soft = applyBatchMix(nhwc, draw);
        const { x0, y0, x1, y1 } = draw.box!;
        expect(draw.lambda).toBeCloseTo(1 - ((x1 - x0) * (y1 - y0)) / (w * h), 9);
        const per = w * h * 2;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const inBox = x >= x0 && x < x1 && y >= y0 && y < y1;
            const at = (y * w + x) * 2;
            expect(nhwc.x[per + at]).toBe(inBox ? before[at] : before[per + at]);
          }
        }
        expect(soft[3 + nhwc.labels[1]!]! + (nhwc.labels[0] === nhwc.labels[1] ? 0 : soft[3 + nhwc.labels[0]!]!)).toBeCloseTo(1, 6);
        // NCHW: the same pixels, planes apart.
        const nchw = { ...batch(3, w, h, 2), layout: 'NCHW' as const };
        const planes = Float32Array.from(before, (_, i) => {
          const k = Math.floor(i / per);
          const r = i % per;
          const c = Math.floor(r / (w * h));
          const p = r % (w * h);
          return before[k * per + p * 2 + c]!;
        });
        nchw.x.set(planes);
        applyBatchMix(nchw, draw);
        for (let k = 0; k < 3; k++) for (let p = 0; p < w * h; p++) for (let c = 0; c < 2; c++) expect(nchw.x[k * per + c * w * h + p]).toBe(nhwc.x[k * per + p * 2 + c]);
      }),
      { numRuns: 200 },
    );
  });

  it('draws depend on (seed, epoch, first index) only; p = 0 or disabled leaves the batch and one-hot labels', () => {
    expect(drawBatchMix([step('mixUp'), step('cutMix')], 3, 2, 7, 8, 8)).toEqual(drawBatchMix([step('mixUp'), step('cutMix')], 3, 2, 7, 8, 8));
    const ops = new Set<string>();
    for (let i = 0; i < 200; i++) ops.add(drawBatchMix([step('mixUp'), step('cutMix')], 3, 2, i, 8, 8)!.op);
    expect(ops).toEqual(new Set(['mixUp', 'cutMix']));
    for (const steps of [[step('mixUp', 1, 0)], [{ ...step('cutMix'), enabled: false }]]) {
      const t = batch(3, 2, 2, 1);
      const before = t.x.slice();
      const soft = applyBatchMix(t, drawBatchMix(steps, 3, 2, 7, 2, 2));
      expect(t.x).toEqual(before);
      expect(Array.from(soft)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    }
  });
});

describe('batch steps in the file', () => {
  const doc = (batchSteps: unknown, version = 2) => ({ format: 'augplay.pipeline', version, steps: [], batch: batchSteps });
  it('reads them with their defaults', () => {
    expect(parsePipeline(doc([{ op: 'mixUp' }, { op: 'cutMix', alpha: 0.5, p: 0.3 }])).batch).toEqual([
      { op: 'mixUp', alpha: 0.2, p: 1, enabled: true },
      { op: 'cutMix', alpha: 0.5, p: 0.3, enabled: true },
    ]);
  });
  const cases: [unknown, RegExp][] = [
    [[{ op: 'mixup' }], /batch\[0\]\.op: expected "mixUp" or "cutMix"/],
    [[{ op: 'mixUp', alpha: 0 }], /batch\[0\]\.alpha: expected a number above 0/],
    [[{ op: 'cutMix', p: 2 }], /batch\[0\]\.p: expected a probability/],
    [[{ op: 'mixUp' }, { op: 'mixUp' }], /batch\[1\]\.op: mixUp is listed twice/],
    [[{ op: 'mixUp', beta: 1 }], /batch\[0\]: unknown field "beta"/],
  ];
  for (const [value, expected] of cases) it(`refuses ${JSON.stringify(value)}`, () => expect(() => parsePipeline(doc(value))).toThrow(expected));
  it('refuses them in a version-1 file', () => expect(() => parsePipeline(doc([], 1))).toThrow(/batch: batch steps \(mixUp, cutMix\) came in pipeline version 2/));
});

describe('mixUp, value by value', () => {
  it('is own + b·(partner − own) in float32 arithmetic (b = 1 − λ as float32, as torchvision computes in float32), for any batch and sample length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1e6 }), (size, w, h, index) => {
        const t = batch(size, w, h, 3);
        t.x.forEach((v, i) => (t.x[i] = v / 7 - 3.1));
        const before = t.x.slice();
        const draw = drawBatchMix([step('mixUp', 0.4)], 2, 0, index, w, h)!;
        applyBatchMix(t, draw);
        const per = w * h * 3;
        const b = Math.fround(1 - draw.lambda);
        const f = Math.fround;
        for (let k = 0; k < size; k++) {
          const j = (k + size - 1) % size;
          for (let i = 0; i < per; i++) {
            const own = before[k * per + i]!;
            expect(t.x[k * per + i]).toBe(f(own + f(b * f(before[j * per + i]! - own))));
          }
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe('MixUp with the WebAssembly blend', () => {
  it('gives the JavaScript blend\'s float32 bits on 1,000 batches of odd shapes, both layouts, any λ', () => {
    fc.assert(
      fc.property(
        fc.record({ size: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 13 }), h: fc.integer({ min: 1, max: 9 }), c: fc.constantFrom(1, 3, 4), nchw: fc.boolean() }),
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 1e-300, 1 - 1e-16)),
        fc.integer({ min: 0, max: 2 ** 31 }),
        ({ size, w, h, c, nchw }, lambda, seed) => {
          const rng = new Rng(seed);
          // Finite values as a pipeline gives them: pixels, normalised values, huge and tiny ones.
          const values = Float32Array.from({ length: size * w * h * c }, () => [rng.uniform(0, 255), rng.uniform(-3, 3), rng.uniform(-1e30, 1e30), rng.uniform(-1e-30, 1e-30)][rng.int(0, 3)]!);
          const [js, wasm] = bothWays(() => {
            const t = { ...batch(size, w, h, c), layout: nchw ? ('NCHW' as const) : ('NHWC' as const), x: values.slice() };
            const soft = applyBatchMix(t, { op: 'mixUp', lambda });
            return { x: new Uint32Array(t.x.buffer), soft };
          });
          expect(wasm).toEqual(js);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
