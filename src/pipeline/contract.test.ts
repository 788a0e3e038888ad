// Issue 10, defects 2, 7, 9, 10: train and inference give one shape, output is finite, no empty
// boxes, and hand-built pipelines are checked where they enter. Plus the property that holds the
// whole contract on generated pipelines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyImage, validPipelineDoc, validStep } from './arbitraries.js';
import { listOps, outputShape, parsePipeline, PipelineError, runPipeline, VALUE_LIMIT, type Pipeline, type PipelineResult } from './index.js';
import { pipelineOf, testImage } from './testing.js';

const img64 = testImage(64, 64);
const shapeOf = (r: PipelineResult) => [r.width, r.height, r.channels];
const finite = (r: PipelineResult) => r.data.every((v) => Number.isFinite(v));

describe('defect 2: training and inference give the same shape', () => {
  it('randomResizedCrop 32x32 gives 32x32x3 at inference too (a centre crop, resized)', () => {
    const p = pipelineOf([{ op: 'randomResizedCrop', params: { width: 32, height: 32 } }]);
    expect(shapeOf(runPipeline(p, img64, { epoch: 0, index: 0, mode: 'inference' }))).toEqual([32, 32, 3]);
    expect(outputShape(p, img64, 'inference')).toEqual(outputShape(p, img64, 'train'));
  });

  it('randomCrop 56 takes the centre at inference, as centerCrop does', () => {
    const p = pipelineOf([{ op: 'randomCrop', params: { width: 56, height: 56 } }]);
    const out = runPipeline(p, img64, { epoch: 3, index: 9, mode: 'inference' });
    const centre = runPipeline(pipelineOf([{ op: 'centerCrop', params: { width: 56, height: 56 } }]), img64, { epoch: 0, index: 0, mode: 'inference' });
    expect(out.data).toEqual(centre.data);
  });

  it('holds for every op, on odd shapes, at any parameters', () => {
    for (const op of listOps()) {
      fc.assert(
        fc.property(validStep(op), anyImage, (step, image) => {
          let p: Pipeline;
          try {
            p = pipelineOf([step]);
          } catch (e) {
            fc.pre(false);
            throw e;
          }
          let train;
          try {
            train = outputShape(p, image, 'train');
          } catch (e) {
            fc.pre(!(e instanceof PipelineError));
            throw e;
          }
          expect(outputShape(p, image, 'inference')).toEqual(train);
        }),
        { numRuns: 40, seed: 2 },
      );
    }
  });
});

describe('defect 7: finite output', () => {
  it('refuses a std below the floor, with a message', () => {
    expect(() => pipelineOf([{ op: 'normalize', params: { std: [1e-320] } }])).toThrow(/steps\[0\]\.params\.std\[0\]: expected a number from 0\.000001/);
    expect(() => pipelineOf([{ op: 'normalize', params: { std: [1e-30] } }])).toThrow(PipelineError);
  });

  it('refuses a rescale chain whose values could overflow (13 x scale 1000), naming the step', () => {
    const steps = Array.from({ length: 13 }, () => ({ op: 'rescale', params: { scale: 1000, offset: 0 } }));
    expect(() => pipelineOf(steps)).toThrow(/^steps\[9\]: rescale: values could reach 2\.6e\+32 here/);
    const out = runPipeline(pipelineOf(steps.slice(0, 9)), img64, { epoch: 0, index: 0, mode: 'train' });
    expect(finite(out)).toBe(true);
  });

  it('property: any accepted chain of value-changing steps at extreme parameters stays finite and within the limit', () => {
    const leavers = listOps().filter((op) => op.leavesPixelRange);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...leavers).chain(validStep), { minLength: 1, maxLength: 14 }), anyImage, (steps, image) => {
        let p: Pipeline;
        try {
          p = pipelineOf(steps);
        } catch (e) {
          fc.pre(!(e instanceof PipelineError && /values could reach/.test(e.message)));
          throw e;
        }
        let out;
        try {
          out = runPipeline(p, image, { epoch: 0, index: 0, mode: 'train' });
        } catch (e) {
          fc.pre(!(e instanceof PipelineError && /channel/.test(e.message)));
          throw e;
        }
        expect(out.data.every((v) => Math.abs(v) <= VALUE_LIMIT)).toBe(true);
      }),
      { numRuns: 200, seed: 7 },
    );
  }, 30_000);
});

describe('defect 9: randomResizedCrop never draws an empty box', () => {
  for (const [w, h, ratio] of [[1, 500, 10], [500, 1, 0.1], [1, 1, 10], [3, 200, 0.1]] as const) {
    it(`${w}x${h} with ratio [${ratio}, ${ratio}]`, () => {
      const image = { width: w, height: h, channels: 1, data: new Uint8Array(w * h).map((_, i) => i % 256) };
      const p = pipelineOf([{ op: 'randomResizedCrop', params: { width: 4, height: 4, ratio: [ratio, ratio] } }]);
      for (let index = 0; index < 20; index++) {
        const box = runPipeline(p, image, { epoch: 0, index, mode: 'train' }).trace[0]!.args as { x: number; y: number; w: number; h: number };
        expect(box.w).toBeGreaterThanOrEqual(1);
        expect(box.h).toBeGreaterThanOrEqual(1);
        expect(box.x + box.w).toBeLessThanOrEqual(w);
        expect(box.y + box.h).toBeLessThanOrEqual(h);
      }
    });
  }
});

describe('defect 10: hand-built pipelines are checked at the entry points', () => {
  const good = pipelineOf([{ op: 'resize', params: { width: 8, height: 8 } }]);
  const withWidth = (width: number): Pipeline => ({ ...good, steps: [{ ...good.steps[0]!, params: { ...good.steps[0]!.params, width } }] });
  for (const width of [0, -5, 2.5]) {
    it(`resize width ${width} is refused naming the field`, () => {
      const bad = withWidth(width);
      expect(() => runPipeline(bad, img64, { epoch: 0, index: 0, mode: 'train' })).toThrow(/^steps\[0\]\.params\.width: expected an integer from 1 to 4096/);
      expect(() => outputShape(bad, img64)).toThrow(PipelineError);
    });
  }

  it('sees a change made after the first run', () => {
    const p = withWidth(8);
    runPipeline(p, img64, { epoch: 0, index: 0, mode: 'train' });
    (p.steps[0]!.params as { width: number }).width = 0;
    expect(() => runPipeline(p, img64, { epoch: 0, index: 0, mode: 'train' })).toThrow(/params\.width/);
  });
});

describe('property: the pipeline contract on generated pipelines', () => {
  it('any valid pipeline on any valid image: finite output, one shape in training and at inference, fused equals reference', () => {
    fc.assert(
      fc.property(validPipelineDoc({ maxSteps: 7 }), anyImage, fc.nat({ max: 10_000 }), (doc, image, index) => {
        let p: Pipeline;
        try {
          p = parsePipeline(doc);
        } catch (e) {
          // Generated parameters can still break the value bound; those pipelines are not valid.
          fc.pre(!(e instanceof PipelineError && /values could reach/.test(e.message)));
          throw e;
        }
        let shape;
        try {
          shape = outputShape(p, image, 'train');
        } catch (e) {
          // Shape errors (a crop larger than the padded image, 3 means on a grey image) name the step.
          fc.pre(!(e instanceof PipelineError && /^steps\[\d+\]\.params: /.test(e.message)));
          throw e;
        }
        expect(outputShape(p, image, 'inference')).toEqual(shape);
        const fused = runPipeline(p, image, { epoch: 1, index, mode: 'train' });
        const reference = runPipeline(p, image, { epoch: 1, index, mode: 'train', reference: true });
        const inference = runPipeline(p, image, { epoch: 0, index: 0, mode: 'inference' });
        for (const out of [fused, reference, inference]) {
          expect([out.width, out.height, out.channels]).toEqual([shape.width, shape.height, shape.channels]);
          if (!finite(out)) throw new Error(`non-finite output from ${JSON.stringify(doc)}`);
        }
        // Per-value runs keep float64 between fused steps where the reference stores float32.
        const off = fused.data.findIndex((v, i) => !(Math.abs(v - reference.data[i]!) <= 1e-5 * Math.max(1, Math.abs(reference.data[i]!))));
        expect(off, `fused ${fused.data[off]} vs reference ${reference.data[off]}`).toBe(-1);
      }),
      { numRuns: 1000, seed: 20261126 },
    );
  }, 60_000);
});
