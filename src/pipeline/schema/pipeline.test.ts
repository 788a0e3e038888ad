import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPipeline, listOps, parsePipeline, PipelineError, pipelineJsonSchema, PRESET_NAMES, presetPipeline, runPipeline, type ParamSpec } from '../index.js';
import { testImage } from '../testing.js';

const base = { format: 'augplay.pipeline', version: 1, seed: 1 };
const withSteps = (steps: unknown[]) => ({ ...base, steps });
const message = (json: unknown): string => {
  try {
    parsePipeline(json);
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineError);
    return (e as Error).message;
  }
  throw new Error('expected parsePipeline to throw');
};

describe('parsePipeline accepts', () => {
  it('every preset, and round-trips through JSON unchanged', () => {
    for (const name of PRESET_NAMES) {
      const p = presetPipeline(name);
      expect(parsePipeline(JSON.stringify(p))).toEqual(p);
    }
  });

  it('a minimal file, filling in defaults', () => {
    const p = parsePipeline({ format: 'augplay.pipeline', version: 1, steps: [{ op: 'rotate' }] });
    expect(p.seed).toBe(0);
    expect(p.output).toEqual({ layout: 'NHWC', dtype: 'float32' });
    expect(p.steps[0]).toEqual({ op: 'rotate', stage: 'augment', p: 0.5, enabled: true, params: { degrees: [-15, 15], interpolation: 'bilinear', border: 'reflect', fill: 0 } });
  });
});

describe('parsePipeline refuses, naming the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', '{"format": ', /^not valid JSON/],
    ['not an object', [1, 2], /expected a pipeline object/],
    ['another format', { ...base, format: 'albumentations', steps: [] }, /^format: expected "augplay.pipeline", got "albumentations"/],
    ['a future version', { ...base, version: 3, steps: [] }, /^version: this file is pipeline version 3, made by a newer augplay; this app reads versions up to 2/],
    ['a version that is not an integer', { ...base, version: '1', steps: [] }, /^version: expected a positive integer, got "1"/],
    ['a version 0', { ...base, version: 0, steps: [] }, /^version: expected a positive integer, got 0/],
    ['steps that are not a list', { ...base, steps: {} }, /^steps: expected a list of steps/],
    ['an unknown top-level field', { ...base, steps: [], colour: 1 }, /unknown field "colour"/],
    ['a bad seed', { ...base, seed: -4, steps: [] }, /^seed: expected an integer from 0 to 4294967295, got -4/],
    ['a bad layout', { ...base, steps: [], output: { layout: 'CHW' } }, /^output.layout: expected "NHWC" or "NCHW", got "CHW"/],
    ['an unknown op', withSteps([{ op: 'flip' }, { op: 'rotat' }]), /^steps\[1\]\.op: unknown op "rotat" \(did you mean "rotate"\?\); known ops: resize, /],
    ['a step without op', withSteps([{ params: {} }]), /^steps\[0\]\.op: expected the op's name as text, got nothing/],
    ['a step that is not an object', withSteps(['flip']), /^steps\[0\]: expected a step object/],
    ['an inverted range', withSteps([{ op: 'rotate', params: { degrees: [20, -20] } }]), /^steps\[0\]\.params\.degrees: expected \[min, max\] with min <= max, got \[20,-20\]/],
    ['an out-of-range value', withSteps([{ op: 'rotate', params: { degrees: [-200, 0] } }]), /^steps\[0\]\.params\.degrees\[0\]: min: expected a number from -180 to 180 degrees, got -200/],
    ['a wrong type', withSteps([{ op: 'gaussianBlur', params: { sigma: 'big' } }]), /^steps\[0\]\.params\.sigma: expected \[min, max\] with min <= max, each from 0 to 10 px, got "big"/],
    ['a range with one number', withSteps([{ op: 'brightness', params: { factor: [1] } }]), /^steps\[0\]\.params\.factor: /],
    ['a non-integer size', withSteps([{ op: 'resize', params: { width: 10.5 } }]), /^steps\[0\]\.params\.width: expected an integer from 1 to 4096 px, got 10.5/],
    ['an unknown choice', withSteps([{ op: 'rotate', params: { border: 'wrap' } }]), /^steps\[0\]\.params\.border: expected one of "reflect", "constant", "edge", got "wrap"/],
    ['an unknown parameter', withSteps([{ op: 'rotate', params: { degres: [0, 1] } }]), /^steps\[0\]\.params: unknown parameter "degres" for rotate \(known: degrees, interpolation, border, fill\)/],
    ['a probability above 1', withSteps([{ op: 'flip', p: 1.5 }]), /^steps\[0\]\.p: expected a probability from 0 to 1, got 1.5/],
    ['a preprocess step with p < 1', withSteps([{ op: 'resize', p: 0.5 }]), /^steps\[0\]\.p: preprocess steps always run/],
    ['a size-changing augment step with p < 1', withSteps([{ op: 'randomCrop', p: 0.5 }]), /^steps\[0\]\.p: randomCrop sets the output size, so it must run for every sample/],
    ['an augment op as preprocess', withSteps([{ op: 'flip', stage: 'preprocess' }]), /^steps\[0\]\.stage: flip is an augment op/],
    ['enabled that is not a boolean', withSteps([{ op: 'flip', enabled: 'yes' }]), /^steps\[0\]\.enabled: expected true or false, got "yes"/],
    ['a std of 0', withSteps([{ op: 'normalize', params: { std: [0.2, 0, 0.2] } }]), /^steps\[0\]\.params\.std\[1\]: expected a number from 0\.000001 to 1000, got 0/],
    ['a mean of 2 values', withSteps([{ op: 'normalize', params: { mean: [0.2, 0.3] } }]), /^steps\[0\]\.params\.mean: expected a list of 1 or 3 numbers/],
    ['a pixel step after normalise', withSteps([{ op: 'normalize' }, { op: 'brightness' }]), /^steps\[1\]: brightness works on pixel values 0-255, so it must come before normalize \(steps\[0\]\)/],
  ];
  for (const [what, json, expected] of cases) {
    it(what, () => expect(message(json)).toMatch(expected));
  }

  it('lists every bad step, not only the first', () => {
    const text = message(withSteps([{ op: 'nope' }, { op: 'flip' }, { op: 'rotate', params: { degrees: [5, 1] } }]));
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('steps[0].op');
    expect(text).toContain('steps[2].params.degrees');
  });

  it('accepts a pixel step after normalise when that normalise is disabled', () => {
    expect(() => parsePipeline(withSteps([{ op: 'normalize', enabled: false }, { op: 'brightness' }]))).not.toThrow();
  });
});

describe('JSON Schema', () => {
  const file = resolve(dirname(new URL(import.meta.url).pathname), '../../../public/schema/pipeline.v2.json');

  it('is published at public/schema/pipeline.v2.json and matches the definitions (npm run schema rewrites it)', () => {
    const fresh = `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, fresh);
    }
    expect(readFileSync(file, 'utf8')).toBe(fresh);
  });

  it('describes every op with its parameters', () => {
    const text = JSON.stringify(pipelineJsonSchema());
    for (const op of listOps()) {
      expect(text).toContain(`"const":"${op.name}"`);
      for (const name of Object.keys(op.params)) expect(text).toContain(`"${name}"`);
    }
  });
});

/** A random valid value for a parameter spec. */
function arbitraryParam(spec: ParamSpec): fc.Arbitrary<unknown> {
  const numberIn = (min: number, max: number, integer?: boolean) =>
    integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  switch (spec.kind) {
    case 'number':
      return numberIn(spec.min, spec.max, spec.integer);
    case 'range':
      return fc.tuple(numberIn(spec.min, spec.max, spec.integer), numberIn(spec.min, spec.max, spec.integer)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
    case 'choice':
      return fc.constantFrom(...spec.options);
    case 'boolean':
      return fc.boolean();
    case 'vector':
      return fc.array(numberIn(spec.min + (spec.exclusiveMin ? 0.01 : 0), Math.min(spec.max, 10)), { minLength: 1, maxLength: 1 });
  }
}

describe('property: any valid spec runs', () => {
  // Sizes are kept small so shapes stay cheap; crops are bounded by the 16 px test image.
  const ops = listOps();
  const small = (name: string, key: string, value: unknown) =>
    (key === 'width' || key === 'height') && name !== 'resize' ? Math.min(value as number, 16) : key === 'width' || key === 'height' ? Math.min(value as number, 48) : value;
  const stepArb = fc.constantFrom(...ops).chain((op) =>
    fc.record({
      enabled: fc.boolean(),
      p: fc.double({ min: 0, max: 1, noNaN: true }),
      params: fc.record(Object.fromEntries(Object.entries(op.params).map(([k, spec]) => [k, arbitraryParam(spec).map((v) => small(op.name, k, v))]))),
    }).map((s) => ({ op: op.name, enabled: s.enabled, ...(op.stage === 'augment' && !op.outputShape ? { p: s.p } : {}), params: s.params })),
  );

  it('never throws and never outputs NaN, fused or op by op', () => {
    const image = testImage(16, 16);
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 6 }), fc.nat({ max: 1000 }), (steps, index) => {
        let pipeline;
        try {
          pipeline = parsePipeline(withSteps(steps));
        } catch (e) {
          // Valid parameters can still form an invalid order (a pixel step after normalise); skip those.
          fc.pre(!/must come before/.test((e as Error).message));
          throw e;
        }
        for (const reference of [false, true]) {
          let out;
          try {
            out = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train', reference });
          } catch (e) {
            // A crop larger than the image is refused with a message naming the step: skip those.
            fc.pre(!(e instanceof PipelineError && /larger than the padded image/.test(e.message)));
            throw e;
          }
          expect(out.data.length).toBe(out.width * out.height * out.channels);
          for (const v of out.data) if (!Number.isFinite(v)) throw new Error(`non-finite output ${v} from ${JSON.stringify(pipeline.steps)}`);
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('the default pipeline runs on the sample size', () => {
    const out = runPipeline(defaultPipeline(), testImage(64, 64), { epoch: 0, index: 0, mode: 'train' });
    expect([out.width, out.height, out.channels]).toEqual([64, 64, 3]);
  });
});
