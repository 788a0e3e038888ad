// Issue 10, defects 1 and 8: a fused geometric run is the op-by-op reference, byte for byte —
// crops' frames clip what follows, nearest sampling rounds the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyImage, validStep } from './arbitraries.js';
import { getOp, runPipeline, type ImageU8, type Mode, type PipelineResult } from './index.js';
import { pipelineOf, testImage } from './testing.js';

const GEOMETRIC = ['flip', 'rotate', 'affine', 'randomResizedCrop', 'randomCrop', 'resize', 'centerCrop'].map((n) => getOp(n)!);

function both(steps: unknown[], image: ImageU8, opts: { index?: number; mode?: Mode; mask?: Uint8Array } = {}): [PipelineResult, PipelineResult] {
  const p = pipelineOf(steps);
  const run = (reference: boolean) =>
    runPipeline(p, image, { epoch: 0, index: opts.index ?? 0, mode: opts.mode ?? 'train', reference, ...(opts.mask ? { mask: opts.mask } : {}) });
  return [run(false), run(true)];
}

const maxDiff = (a: PipelineResult, b: PipelineResult) => a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i]!)), 0);

describe('defect 1: a fused run clips to every intermediate frame', () => {
  const img = testImage(64, 64);
  const cases: [string, unknown[], Mode][] = [
    ['centerCrop 32 then centerCrop 64 pads with the fill', [{ op: 'centerCrop', params: { width: 32, height: 32 } }, { op: 'centerCrop', params: { width: 64, height: 64 } }], 'inference'],
    ['centerCrop 32 then rotate 45 (constant border)', [{ op: 'centerCrop', params: { width: 32, height: 32 } }, { op: 'rotate', p: 1, params: { degrees: [45, 45], border: 'constant' } }], 'train'],
    ['centerCrop then affine', [{ op: 'centerCrop', params: { width: 30, height: 40, fill: 9 } }, { op: 'affine', p: 1, params: { scale: [0.5, 0.5], border: 'constant', fill: 9 } }], 'train'],
    ['randomCrop with constant padding then rotate', [{ op: 'randomCrop', params: { width: 60, height: 60, padding: 8, border: 'constant', fill: 200 } }, { op: 'rotate', p: 1, params: { degrees: [30, 30], border: 'constant', fill: 200 } }], 'train'],
    ['resize, centerCrop, centerCrop', [{ op: 'resize', params: { width: 48, height: 40 } }, { op: 'centerCrop', params: { width: 20, height: 20 } }, { op: 'centerCrop', params: { width: 40, height: 44 } }], 'inference'],
  ];
  for (const [what, steps, mode] of cases) {
    it(what, () => {
      const [fused, reference] = both(steps, img, { mode });
      expect(fused.data).toEqual(reference.data);
    });
  }

  it('centerCrop 32 then 64: the border is the fill, not the image', () => {
    const [fused] = both(cases[0]![1], img, { mode: 'inference' });
    expect(fused.data.slice(0, 3)).toEqual(new Float32Array([0, 0, 0]));
  });
});

describe('defect 8: nearest sampling agrees with the reference', () => {
  it('flip then resize 65x68 nearest on a textured image', () => {
    const [fused, reference] = both([{ op: 'flip', p: 1 }, { op: 'resize', params: { width: 65, height: 68, interpolation: 'nearest' } }], testImage(64, 64));
    expect(maxDiff(fused, reference)).toBe(0);
  });

  it('randomCrop with edge padding then resize', () => {
    for (let index = 0; index < 10; index++) {
      const steps = [{ op: 'randomCrop', params: { width: 60, height: 60, padding: 8, border: 'edge' } }, { op: 'resize', params: { width: 37, height: 41, interpolation: 'bilinear' } }];
      const [fused, reference] = both(steps, testImage(64, 64), { index });
      expect(maxDiff(fused, reference)).toBe(0);
    }
  });
});

describe('property: fused geometric runs equal the reference byte for byte', () => {
  it('on random runs of geometric steps with extreme parameters, odd shapes, train and inference, with a mask', () => {
    const run = fc.array(fc.constantFrom(...GEOMETRIC).chain(validStep), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(run, anyImage, fc.nat({ max: 1000 }), fc.constantFrom<Mode>('train', 'inference'), (steps, image, index, mode) => {
        const mask = Uint8Array.from({ length: image.width * image.height }, (_, i) => (i * 5) % 7);
        let results: [PipelineResult, PipelineResult];
        try {
          results = both(steps, image, { index, mode, mask });
        } catch (e) {
          // A crop larger than the (padded) image is refused with the step's name; nothing to compare.
          fc.pre(!/larger than the padded image/.test((e as Error).message));
          throw e;
        }
        const [fused, reference] = results;
        expect([fused.width, fused.height]).toEqual([reference.width, reference.height]);
        expect(maxDiff(fused, reference)).toBe(0);
        expect(fused.mask).toEqual(reference.mask);
      }),
      { numRuns: 700, seed: 101 },
    );
  }, 60_000);
});
