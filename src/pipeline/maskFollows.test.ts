// Issue 13: a mask moves with its image, for every op and for random pipelines, in training and at
// inference, fused and step by step. The image's pixels encode their own coordinates (R = x,
// G = y, B = 0), so after a run with the geometric steps forced to nearest sampling each output
// pixel says which input pixel it came from; the mask of the real run (real interpolation, colour
// and noise steps on) must hold the input mask's value of that very pixel.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oddShape, validPipelineDoc, validStep } from './arbitraries.js';
import { IGNORE_INDEX, maskEffect } from './maskBehaviour.js';
import { getOp, listOps, parsePipeline, PipelineError, runPipeline, type Mode, type Pipeline } from './index.js';
import { pipelineOf } from './testing.js';

/** Outside every frame (a constant border of 255 in all channels): the mask there is 0. */
const OUTSIDE = 255;
/** Cut-out holes that mark the mask, filled with this in the coordinate run. */
const HOLE = 254;

function coordinateImage(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 0], (y * width + x) * 3);
  return { width, height, channels: 3, data };
}

/** The same pipeline with only what moves pixels: geometric steps at nearest sampling with a marked border, ignore-filling cut-outs. */
function coordinateRun(p: Pipeline): Pipeline {
  const steps = p.steps.map((step) => {
    const op = getOp(step.op)!;
    const params: Record<string, unknown> = { ...step.params };
    const effect = maskEffect(op, params);
    if (effect === 'moves') {
      if ('interpolation' in op.params) params.interpolation = 'nearest';
      if ('border' in op.params) params.border = 'constant';
      if ('fill' in op.params) params.fill = OUTSIDE;
    } else if (effect === 'ignore-fill') {
      params.fill = HOLE;
    }
    return { ...step, params, enabled: step.enabled && effect !== 'unchanged' };
  });
  return parsePipeline({ ...p, steps, output: { ...p.output, layout: 'NHWC' } });
}

function expectMaskFollows(p: Pipeline, width: number, height: number, inputMask: Uint8Array, mode: Mode, index: number): void {
  const image = coordinateImage(width, height);
  const opts = { epoch: 1, index, mode, mask: inputMask };
  let where;
  let runs;
  try {
    runs = [false, true].map((reference) => runPipeline(p, image, { ...opts, reference }));
    where = runPipeline(coordinateRun(p), image, opts);
  } catch (e) {
    // Shapes the pipeline refuses (a crop larger than the image, normalise's 3 means after grey).
    if (e instanceof PipelineError) return;
    throw e;
  }
  for (const real of runs) {
    expect([real.width, real.height]).toEqual([where.width, where.height]);
    const n = where.width * where.height;
    const expected = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const [x, y, b] = [where.data[i * 3]!, where.data[i * 3 + 1]!, where.data[i * 3 + 2]!];
      expected[i] = b === OUTSIDE ? 0 : b === HOLE ? IGNORE_INDEX : inputMask[y * width + x]!;
    }
    expect(real.mask).toEqual(expected);
  }
}

const randomMask = (width: number, height: number, seed: number) =>
  Uint8Array.from({ length: width * height }, (_, i) => (Math.imul(i + 1, 2654435761) ^ seed) >>> 24);

describe('the mask moves with the image', () => {
  // Policy ops (randAugment, trivialAugmentWide) mix colour and geometric picks, which a coordinate
  // image cannot tell apart: policies.test.ts checks their masks against their own geometric picks.
  const isPolicy = (name: string) => getOp(name)?.impl.kind === 'policy';
  for (const op of listOps().filter((o) => !isPolicy(o.name))) {
    it(`${op.name}: every output pixel's mask value is the input mask at the pixel the image came from`, () => {
      fc.assert(
        fc.property(validStep(op), oddShape, fc.integer({ min: 0, max: 1000 }), fc.constantFrom<Mode>('train', 'inference'), (step, [w, h], index, mode) => {
          let p: Pipeline;
          try {
            p = pipelineOf([step]);
          } catch (e) {
            fc.pre(false);
            throw e;
          }
          expectMaskFollows(p, w, h, randomMask(w, h, index), mode, index);
        }),
        { numRuns: 60, seed: 13 },
      );
    });
  }

  it('holds for random pipelines (every op, any order the parser accepts)', () => {
    fc.assert(
      fc.property(validPipelineDoc({ maxSteps: 6 }), oddShape, fc.integer({ min: 0, max: 1000 }), fc.constantFrom<Mode>('train', 'inference'), (doc, [w, h], index, mode) => {
        let p: Pipeline;
        try {
          p = parsePipeline(doc);
        } catch (e) {
          fc.pre(false);
          throw e;
        }
        fc.pre(!p.steps.some((s) => isPolicy(s.op)));
        expectMaskFollows(p, w, h, randomMask(w, h, index), mode, index);
      }),
      { numRuns: 400, seed: 31 },
    );
  });

  it('cut-out leaves the mask, or marks its holes with the ignore index, as its mask parameter says', () => {
    const img = coordinateImage(20, 16);
    const mask = new Uint8Array(20 * 16).fill(3);
    const run = (m: string) => runPipeline(pipelineOf([{ op: 'cutout', p: 1, params: { count: [2, 2], size: [0.3, 0.3], mask: m } }]), img, { epoch: 0, index: 0, mode: 'train', mask }).mask!;
    expect(run('leave')).toEqual(mask);
    const marked = run('ignore');
    expect(marked.filter((v) => v === IGNORE_INDEX).length).toBeGreaterThanOrEqual(25);
    expect(marked.every((v) => v === 3 || v === IGNORE_INDEX)).toBe(true);
  });

  it('every op states its effect: geometric ops move the mask, the others leave it unless a parameter says otherwise', () => {
    for (const op of listOps()) {
      const effect = maskEffect(op, {});
      if (op.impl.kind === 'geometric' || op.impl.kind === 'policy') expect(effect, op.name).toBe('moves');
      else expect(effect, op.name).toBe('unchanged');
    }
  });
});
