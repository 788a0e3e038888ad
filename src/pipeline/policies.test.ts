// RandAugment and TrivialAugment Wide: their op lists and magnitude tables against torchvision's
// `_augmentation_space`, determinism, identity at N = 0 and at M = 0 where the op has a neutral
// value, masks moved by their geometric picks, and shape / finiteness for random parameters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validStep, oddShape } from './arbitraries.js';
import { fromInput } from './image.js';
import { getOp, runPipeline } from './index.js';
import { AUTO_AUGMENT_POLICIES } from './ops/autoAugmentPolicies.js';
import { autoContrastImage } from './ops/autoContrast.js';
import { equalizeImage } from './ops/equalize.js';
import { BINS, expandPolicy, POLICY_CALLS, POLICY_OPS, RAND_AUGMENT_SPACE, TRIVIAL_AUGMENT_WIDE_SPACE, UNSCALED, type DrawnOp, type PolicyOp, type Space, type SpaceOp } from './ops/policySpace.js';
import { applyPlan, drawPlan } from './run.js';
import { pipelineOf, testImage } from './testing.js';

const shape = { width: 200, height: 224, channels: 3 };
const table = (space: Space, name: PolicyOp) => Array.from({ length: BINS }, (_, m) => space[name as keyof Space].value(m, shape));
const linspace = (a: number, b: number) => Array.from({ length: BINS }, (_, k) => a + ((b - a) * k) / (BINS - 1));
const repeat = (pairs: [number, number][]) => pairs.flatMap(([v, n]) => Array<number>(n).fill(v));

/** torchvision 0.19 transforms/autoaugment.py, RandAugment._augmentation_space(31, (224, 200)): the values and the signed flag. */
const TORCHVISION_RA: Record<SpaceOp, [number[] | null, boolean]> = {
  Identity: [null, false],
  ShearX: [linspace(0, 0.3), true],
  ShearY: [linspace(0, 0.3), true],
  TranslateX: [linspace(0, (150 / 331) * 200), true],
  TranslateY: [linspace(0, (150 / 331) * 224), true],
  Rotate: [linspace(0, 30), true],
  Brightness: [linspace(0, 0.9), true],
  Color: [linspace(0, 0.9), true],
  Contrast: [linspace(0, 0.9), true],
  Sharpness: [linspace(0, 0.9), true],
  // 8 - (arange(31) / ((31 - 1) / 4)).round()
  Posterize: [repeat([[8, 4], [7, 8], [6, 7], [5, 8], [4, 4]]), false],
  Solarize: [linspace(255, 0), false],
  AutoContrast: [null, false],
  Equalize: [null, false],
};

/** TrivialAugmentWide._augmentation_space(31). */
const TORCHVISION_TA: Record<SpaceOp, [number[] | null, boolean]> = {
  Identity: [null, false],
  ShearX: [linspace(0, 0.99), true],
  ShearY: [linspace(0, 0.99), true],
  TranslateX: [linspace(0, 32), true],
  TranslateY: [linspace(0, 32), true],
  Rotate: [linspace(0, 135), true],
  Brightness: [linspace(0, 0.99), true],
  Color: [linspace(0, 0.99), true],
  Contrast: [linspace(0, 0.99), true],
  Sharpness: [linspace(0, 0.99), true],
  // 8 - (arange(31) / ((31 - 1) / 6)).round()
  Posterize: [repeat([[8, 3], [7, 5], [6, 5], [5, 5], [4, 5], [3, 5], [2, 3]]), false],
  Solarize: [linspace(255, 0), false],
  AutoContrast: [null, false],
  Equalize: [null, false],
};

const run = (steps: unknown[], index: number, image = testImage(24, 20), extra: object = {}) =>
  runPipeline(pipelineOf(steps), image, { epoch: 0, index, mode: 'train', ...extra });

type Traced = { ops: DrawnOp[] };

describe('policy op lists and magnitudes match torchvision', () => {
  for (const [name, space, expected] of [['RandAugment', RAND_AUGMENT_SPACE, TORCHVISION_RA], ['TrivialAugmentWide', TRIVIAL_AUGMENT_WIDE_SPACE, TORCHVISION_TA]] as const) {
    it(`${name}: the same 14 ops in the same order, the same magnitude table and signs`, () => {
      expect(POLICY_OPS).toEqual(Object.keys(expected));
      for (const op of POLICY_OPS) {
        const [values, signed] = expected[op];
        expect(space[op].signed, op).toBe(signed);
        if (values === null) expect(UNSCALED.has(op), op).toBe(true);
        else table(space, op).forEach((v, m) => expect(v, `${op} level ${m}`).toBeCloseTo(values[m]!, 5));
      }
    });
  }

  it('each op says which ops it may call, and they are all registered', () => {
    for (const name of ['randAugment', 'trivialAugmentWide']) {
      const op = getOp(name)!;
      for (const pick of POLICY_OPS) expect(op.description, `${name} names ${pick}`).toContain(pick);
      expect(op.impl.kind === 'policy' && op.impl.calls).toEqual(POLICY_CALLS);
      for (const call of POLICY_CALLS) expect(getOp(call), call).toBeDefined();
    }
  });
});

describe('randAugment', () => {
  it('draws N ops at magnitude M, shown in the trace, the same for the same (seed, epoch, index)', () => {
    for (let index = 0; index < 20; index++) {
      const a = run([{ op: 'randAugment', params: { numOps: 3, magnitude: 9 } }], index);
      const b = run([{ op: 'randAugment', params: { numOps: 3, magnitude: 9 } }], index);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
      expect(a.trace).toEqual(b.trace);
      const { ops } = a.trace[0]!.args as Traced;
      expect(ops).toHaveLength(3);
      for (const { name, magnitude } of ops) {
        const level9 = RAND_AUGMENT_SPACE[name as keyof Space].value(9, { width: 24, height: 20, channels: 3 });
        expect(Math.abs(magnitude), name).toBeCloseTo(UNSCALED.has(name) ? 0 : level9, 10);
      }
    }
  });

  it('picks each of the 14 ops about equally often', () => {
    const counts = new Map<string, number>();
    const n = 2800;
    for (let index = 0; index < n / 2; index++) {
      const { plan: _plan, trace } = drawPlan(pipelineOf([{ op: 'randAugment', params: { numOps: 2 } }]), { width: 8, height: 8, channels: 3 }, { epoch: 0, index, mode: 'train' });
      for (const { name } of (trace[0]!.args as Traced).ops) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    // Expected 200 each; 5 standard deviations of a binomial(2800, 1/14) is about 68.
    for (const op of POLICY_OPS) expect(Math.abs((counts.get(op) ?? 0) - 200), op).toBeLessThan(68);
  });

  it('at M = 0 every op with a neutral value leaves the image as it was', () => {
    const image = testImage(24, 20);
    let checked = 0;
    for (let index = 0; index < 200; index++) {
      const out = run([{ op: 'randAugment', params: { numOps: 2, magnitude: 0 } }], index, image);
      const { ops } = out.trace[0]!.args as Traced;
      if (ops.some((o) => o.name === 'Solarize' || o.name === 'AutoContrast' || o.name === 'Equalize')) continue;
      checked++;
      expect(Array.from(out.data), ops.map((o) => o.name).join(', ')).toEqual(Array.from(image.data));
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('magnitude noise spreads the magnitude around M within 0-30', () => {
    const levels = new Set<number>();
    for (let index = 0; index < 100; index++) {
      const out = run([{ op: 'randAugment', params: { numOps: 2, magnitude: 29, magnitudeStd: 3 } }], index);
      for (const { name, magnitude } of (out.trace[0]!.args as Traced).ops) {
        if (name !== 'Rotate') continue;
        const level = (Math.abs(magnitude) / 30) * 30;
        expect(level).toBeLessThanOrEqual(30);
        levels.add(Math.round(level * 1000));
      }
    }
    expect(levels.size).toBeGreaterThan(3);
  });
});

describe('trivialAugmentWide', () => {
  it('draws one op at a level of 0-30 from the wide ranges, the same for the same index', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 300; index++) {
      const a = run([{ op: 'trivialAugmentWide' }], index);
      expect(run([{ op: 'trivialAugmentWide' }], index).trace).toEqual(a.trace);
      const { ops } = a.trace[0]!.args as Traced;
      expect(ops).toHaveLength(1);
      const { name, magnitude } = ops[0]!;
      seen.add(name);
      const values = table(TRIVIAL_AUGMENT_WIDE_SPACE, name);
      expect(values.some((v) => Math.abs(Math.abs(magnitude) - v) < 1e-9), `${name} ${magnitude}`).toBe(true);
    }
    expect(seen.size).toBe(POLICY_OPS.length);
  });
});

describe('policy steps keep the shape and the values finite, and masks follow their geometric picks', () => {
  for (const name of ['randAugment', 'trivialAugmentWide', 'autoAugment']) {
    it(`${name}: any valid parameters, any image size`, () => {
      const op = getOp(name)!;
      fc.assert(
        fc.property(validStep(op), oddShape, fc.constantFrom(1, 3), fc.integer({ min: 0, max: 10_000 }), (step, [w, h], channels, index) => {
          const image = testImage(w, h, channels);
          const mask = Uint8Array.from({ length: w * h }, (_, i) => (i * 37) % 251);
          const pipeline = pipelineOf([{ ...step, p: 1 }]);
          const opts = { epoch: 0, index, mode: 'train' as const, mask };
          const outs = [false, true].map((reference) => runPipeline(pipeline, image, { ...opts, reference }));
          // Where each output pixel came from: the geometric picks alone, nearest, on an image of indices.
          const { plan } = drawPlan(pipeline, { width: w, height: h, channels: 3 }, opts);
          const coords = fromInput({ width: w, height: h, channels: 3, data: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i % 3 === 0 ? Math.floor(i / 3) % w : i % 3 === 1 ? Math.floor(i / 3 / w) : 0)) });
          const geometric = plan.filter((p) => p.op.impl.kind === 'geometric').map((p) => ({ ...p, args: { ...(p.args as object), interpolation: 'nearest', border: 'constant', fill: 255 } }));
          const where = applyPlan(geometric, coords, undefined, true).image.data;
          for (const out of outs) {
            expect([out.width, out.height, out.channels]).toEqual([w, h, channels]);
            expect(out.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 255)).toBe(true);
            for (let i = 0; i < w * h; i++) {
              const outside = where[i * 3 + 2] === 255;
              expect(out.mask![i]).toBe(outside ? 0 : mask[where[i * 3 + 1]! * w + where[i * 3]!]);
            }
          }
        }),
        { numRuns: 300, seed: 15 },
      );
    });
  }

  it('expanding an Identity pick calls nothing; the others call one op each', () => {
    const ops = POLICY_OPS.map((name) => ({ name, magnitude: 0 }));
    expect(expandPolicy({ ops, interpolation: 'nearest', fill: 0 })).toHaveLength(POLICY_OPS.length - 1);
  });
});

describe('autoAugment', () => {
  it("holds torchvision's 25 sub-policies per dataset, ops of the space, probabilities and levels in range", () => {
    for (const [name, policies] of Object.entries(AUTO_AUGMENT_POLICIES)) {
      expect(policies, name).toHaveLength(25);
      for (const sub of policies) {
        for (const [op, p, level] of sub) {
          expect([...POLICY_OPS, 'Invert'], `${name} ${op}`).toContain(op);
          expect(p >= 0 && p <= 1).toBe(true);
          expect(level === null ? UNSCALED.has(op) : Number.isInteger(level) && level >= 0 && level <= 9, `${name} ${op} ${level}`).toBe(true);
        }
      }
    }
    // First and last of each, as in torchvision's _get_policies.
    expect(AUTO_AUGMENT_POLICIES.imagenet[0]).toEqual([['Posterize', 0.4, 8], ['Rotate', 0.6, 9]]);
    expect(AUTO_AUGMENT_POLICIES.imagenet[24]).toEqual([['Equalize', 0.8, null], ['Equalize', 0.6, null]]);
    expect(AUTO_AUGMENT_POLICIES.cifar10[0]).toEqual([['Invert', 0.1, null], ['Contrast', 0.2, 6]]);
    expect(AUTO_AUGMENT_POLICIES.cifar10[24]).toEqual([['TranslateY', 0.7, 9], ['AutoContrast', 0.9, null]]);
  });

  it('runs the drawn sub-policy: its ops at the 10-bin magnitudes, the same for the same index', () => {
    const shape24 = { width: 24, height: 20, channels: 3 };
    let ran = 0;
    for (let index = 0; index < 200; index++) {
      const a = run([{ op: 'autoAugment', params: { policy: 'cifar10' } }], index);
      expect(run([{ op: 'autoAugment', params: { policy: 'cifar10' } }], index).trace).toEqual(a.trace);
      const args = a.trace[0]!.args as Traced & { subPolicy: number };
      const sub = AUTO_AUGMENT_POLICIES.cifar10[args.subPolicy]!;
      for (const drawn of args.ops) {
        ran++;
        // Level k of 9 is torchvision's linspace(lo, hi, 10)[k]; a sub-policy may hold the same op twice.
        const expected = sub.filter(([op]) => op === drawn.name).map(([, , level]) => (level === null ? 0 : RAND_AUGMENT_SPACE[drawn.name as SpaceOp].value((level * 30) / 9, shape24)));
        expect(expected.length, drawn.name).toBeGreaterThan(0);
        expect(expected.some((v) => Math.abs(Math.abs(drawn.magnitude) - v) < 1e-9), `${drawn.name} ${drawn.magnitude}`).toBe(true);
      }
    }
    expect(ran).toBeGreaterThan(100);
    // Posterize at level 7 of 9 keeps 8 - round(7 / 2.25) = 5 bits, as torchvision's table.
    expect(RAND_AUGMENT_SPACE.Posterize.value((7 * 30) / 9, shape24)).toBe(5);
  });
});

describe('autoContrast and equalize', () => {
  const img = (values: number[]) => fromInput({ width: values.length, height: 1, channels: 1, data: Uint8Array.from(values) });
  it('autoContrast stretches each channel to 0-255 and leaves a flat one', () => {
    expect(Array.from(autoContrastImage(img([20, 40, 190])).data)).toEqual([0, 30, 255]);
    expect(Array.from(autoContrastImage(img([7, 7, 7])).data)).toEqual([7, 7, 7]);
  });
  it('equalize gives the PIL lookup table', () => {
    // Two levels, 2 and 2 pixels: step = (4 - 2) // 255 = 0, so PIL keeps the image.
    expect(Array.from(equalizeImage(img([10, 10, 200, 200])).data)).toEqual([10, 10, 200, 200]);
    // 256 pixels at 0 and 256 at 100 (and 2 at 255): step = (514 - 2) // 255 = 2; lut[0] = 1 // 2 = 0, lut[100] = (1 + 256) // 2 = 128, lut[255] = (1 + 512) // 2 = 256 -> 255.
    const values = [...Array<number>(256).fill(0), ...Array<number>(256).fill(100), 255, 255];
    const out = Array.from(equalizeImage(img(values)).data);
    expect([out[0], out[300], out[513]]).toEqual([0, 128, 255]);
  });
});
