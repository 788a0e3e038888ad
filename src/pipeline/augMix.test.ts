// AugMix: its op list and magnitude table against torchvision's AugMix._augmentation_space, the
// mixing weights (sum 1, Beta and Dirichlet moments over many indices), depth and op picks,
// determinism (here and through the worker API), identity at severity 0 / disabled / inference,
// the mask rule (colour ops only), the blend against a float64 recomputation, and a property test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSampleDataset } from '../data/sampleDataset.js';
import { stratifiedSplit } from '../data/dataset.js';
import { createWorkerApi } from '../workers/api.js';
import { DataEngine } from '../workers/engine.js';
import { inProcessWorker } from '../workers/inProcess.js';
import type { Batch } from '../workers/types.js';
import { anyImage, validStep } from './arbitraries.js';
import { fromInput } from './image.js';
import { getOp, runPipeline } from './index.js';
import { requireOp } from './registry.js';
import { AUGMIX_ALL_OPS_EXTRA, AUGMIX_BINS, AUGMIX_SPACE, augMixOps, type AugMixArgs } from './ops/augMix.js';
import { expandPolicy, type PolicyOp } from './ops/policySpace.js';
import { applyPlan, drawPlan } from './run.js';
import { pipelineOf, testImage } from './testing.js';

const shape = { width: 200, height: 224, channels: 3 };
const linspace = (a: number, b: number) => Array.from({ length: AUGMIX_BINS }, (_, k) => a + ((b - a) * k) / (AUGMIX_BINS - 1));

/** torchvision 0.19 transforms/autoaugment.py, AugMix._augmentation_space(10, (224, 200)), in its key order. */
const TORCHVISION_AUGMIX: [PolicyOp, number[] | null, boolean][] = [
  ['ShearX', linspace(0, 0.3), true],
  ['ShearY', linspace(0, 0.3), true],
  ['TranslateX', linspace(0, 200 / 3), true],
  ['TranslateY', linspace(0, 224 / 3), true],
  ['Rotate', linspace(0, 30), true],
  // 4 - (arange(10) / ((10 - 1) / 4)).round().int()
  ['Posterize', [4, 4, 3, 3, 2, 2, 1, 1, 0, 0], false],
  ['Solarize', linspace(255, 0), false],
  ['AutoContrast', null, false],
  ['Equalize', null, false],
];
/** all_ops=True adds these after the others. */
const TORCHVISION_ALL_OPS: [PolicyOp, number[] | null, boolean][] = [
  ['Brightness', linspace(0, 0.9), true],
  ['Color', linspace(0, 0.9), true],
  ['Contrast', linspace(0, 0.9), true],
  ['Sharpness', linspace(0, 0.9), true],
];

const argsAt = (params: Record<string, unknown>, index: number, extra: { mask?: boolean; targets?: boolean } = {}): AugMixArgs => {
  const pipeline = pipelineOf([{ op: 'augMix', p: 1, params }], extra.targets ? { version: 2, targets: ['image', 'mask'] } : {});
  const opts = { epoch: 0, index, mode: 'train' as const, ...(extra.mask ? { mask: new Uint8Array(shape.width * shape.height) } : {}) };
  return drawPlan(pipeline, shape, opts).trace[0]!.args as AugMixArgs;
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};

describe('AugMix augmentation space', () => {
  it('matches torchvision: the ops in its order, their values at the 10 levels and their signs', () => {
    for (const [allOps, table] of [[false, TORCHVISION_AUGMIX], [true, [...TORCHVISION_AUGMIX, ...TORCHVISION_ALL_OPS]]] as const) {
      expect(augMixOps(allOps, false)).toEqual(table.map(([name]) => name));
      for (const [name, values, signed] of table) {
        const e = (AUGMIX_SPACE[name] ?? AUGMIX_ALL_OPS_EXTRA[name])!;
        expect(e.signed, name).toBe(signed);
        expect(e.scaled, name).toBe(values !== null);
        if (values) values.forEach((v, k) => expect(e.value(k, shape), `${name} level ${k}`).toBeCloseTo(v, 12));
      }
    }
  });

  it('its description names every op it may call, and the registered ops it runs are in its calls', () => {
    const op = getOp('augMix')!;
    const calls = op.impl.kind === 'mix' ? op.impl.calls : [];
    for (const name of augMixOps(true, false)) {
      expect(op.description).toContain(name);
      for (const call of expandPolicy({ ops: [{ name, magnitude: 1 }], interpolation: 'bilinear', fill: 0 })) {
        expect(calls).toContain(call.op);
        expect(op.description).toContain(requireOp(call.op).label);
      }
    }
  });
});

describe('AugMix draws', () => {
  const N = 3000;

  it('weights sum to 1; m ~ Beta(α, α) and the chain shares ~ Dirichlet(α) by their means and variances', () => {
    for (const alpha of [1, 0.5, 4]) {
      const m: number[] = [];
      const shares: number[][] = [[], [], []];
      for (let i = 0; i < N; i++) {
        const a = argsAt({ alpha, mixtureWidth: 3 }, i);
        const total = a.original + a.chains.reduce((s, c) => s + c.weight, 0);
        expect(Math.abs(total - 1)).toBeLessThan(1e-12);
        expect(a.chains).toHaveLength(3);
        m.push(a.original);
        a.chains.forEach((c, k) => shares[k]!.push(c.weight / (1 - a.original)));
      }
      // Beta(α, α): mean 1/2, variance 1 / (4(2α + 1)); Dirichlet(α, α, α) part: mean 1/3, variance (1/3·2/3)/(3α + 1).
      const betaVar = 1 / (4 * (2 * alpha + 1));
      expect(Math.abs(mean(m) - 0.5)).toBeLessThan(5 * Math.sqrt(betaVar / N));
      expect(Math.abs(variance(m) - betaVar) / betaVar).toBeLessThan(0.15);
      const dirVar = (2 / 9) / (3 * alpha + 1);
      for (const s of shares) {
        expect(Math.abs(mean(s) - 1 / 3)).toBeLessThan(5 * Math.sqrt(dirVar / N));
        expect(Math.abs(variance(s) - dirVar) / dirVar).toBeLessThan(0.15);
      }
    }
  });

  it('chain depth is 1-3 uniformly at -1, fixed otherwise; ops are picked uniformly; levels below the severity', () => {
    const depths = [0, 0, 0, 0];
    const picks = new Map<string, number>();
    let chains = 0;
    for (let i = 0; i < N; i++) {
      for (const c of argsAt({ chainDepth: -1, severity: 2 }, i).chains) {
        depths[c.ops.length]!++;
        chains++;
        for (const o of c.ops) {
          picks.set(o.name, (picks.get(o.name) ?? 0) + 1);
          // Severity 2: level 0 or 1 only.
          if (o.name === 'Rotate') expect([0, 30 / 9]).toContain(Math.abs(o.magnitude));
          if (o.name === 'Posterize') expect(o.magnitude).toBe(4);
        }
      }
      for (const c of argsAt({ chainDepth: 4 }, i).chains) expect(c.ops).toHaveLength(4);
    }
    expect(depths[0]).toBe(0);
    for (const d of [1, 2, 3]) expect(Math.abs(depths[d]! / chains - 1 / 3)).toBeLessThan(5 * Math.sqrt((1 / 3) * (2 / 3) / chains));
    const total = [...picks.values()].reduce((a, b) => a + b, 0);
    const ops = augMixOps(true, false);
    expect([...picks.keys()].sort()).toEqual([...ops].sort());
    for (const count of picks.values()) expect(Math.abs(count / total - 1 / ops.length)).toBeLessThan(5 * Math.sqrt(1 / ops.length / total));
  });

  it('is deterministic: the same bytes for the same (seed, epoch, index), others differ', () => {
    const image = testImage(24, 20);
    const pipeline = pipelineOf([{ op: 'augMix', p: 1 }]);
    const at = (epoch: number, index: number) => runPipeline(pipeline, image, { epoch, index, mode: 'train' }).data;
    expect(at(1, 5)).toEqual(at(1, 5));
    expect(at(1, 5)).not.toEqual(at(1, 6));
    expect(at(1, 5)).not.toEqual(at(2, 5));
  });
});

describe('AugMix identity', () => {
  const image = testImage(24, 20);
  const bytes = (steps: unknown[], mode: 'train' | 'inference' = 'train', index = 0) => Array.from(runPipeline(pipelineOf(steps), image, { epoch: 0, index, mode }).data);
  it('keeps the image at severity 0, when disabled, at p = 0 and at inference', () => {
    for (let index = 0; index < 5; index++) {
      expect(bytes([{ op: 'augMix', p: 1, params: { severity: 0 } }], 'train', index)).toEqual(Array.from(image.data));
      expect(bytes([{ op: 'augMix', p: 1, enabled: false }], 'train', index)).toEqual(Array.from(image.data));
      expect(bytes([{ op: 'augMix', p: 0 }], 'train', index)).toEqual(Array.from(image.data));
      expect(bytes([{ op: 'augMix', p: 1 }], 'inference', index)).toEqual(Array.from(image.data));
    }
  });
});

describe('AugMix blend', () => {
  it('equals m·x + Σ wₖ·chainₖ summed in float64, each chain run op by op, rounded once', () => {
    const image = testImage(17, 13);
    for (let index = 0; index < 12; index++) {
      // Widths 1-4 blend in one pass, wider ones through a float64 buffer: both as this recomputation.
      const mixtureWidth = [1, 2, 3, 4, 5, 7][index % 6]!;
      const pipeline = pipelineOf([{ op: 'augMix', p: 1, params: { interpolation: index % 2 ? 'nearest' : 'bilinear', severity: 6, mixtureWidth } }]);
      const out = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train', reference: true });
      const args = out.trace[0]!.args as AugMixArgs;
      expect(args.chains).toHaveLength(mixtureWidth);
      const src = image.data;
      const acc = Float64Array.from(src, (v) => args.original * v);
      for (const chain of args.chains) {
        const plan = expandPolicy({ ops: chain.ops, interpolation: args.interpolation, fill: args.fill }).map((c) => ({ step: 0, op: requireOp(c.op), args: c.args, input: { width: 17, height: 13, channels: 3 } }));
        const res = applyPlan(plan, fromInput(image), undefined, true).image.data;
        for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + chain.weight * res[i]!;
      }
      expect(Array.from(out.data)).toEqual(Array.from(new Uint8ClampedArray(acc)));
      // The fused chains give the same bytes (geometric chains and colour tables are exact).
      expect(runPipeline(pipeline, image, { epoch: 0, index, mode: 'train' }).data).toEqual(out.data);
    }
  });

  it('property: any parameters and image: the shape is kept, values are whole numbers in 0..255', () => {
    fc.assert(
      fc.property(validStep(getOp('augMix')!), anyImage, fc.nat(1000), (step, image, index) => {
        const out = runPipeline(pipelineOf([step]), image, { epoch: 0, index, mode: 'train' });
        expect([out.width, out.height, out.channels]).toEqual([image.width, image.height, image.channels === 4 ? 3 : image.channels]);
        for (const v of out.data) if (!(Number.isInteger(v) && v >= 0 && v <= 255)) return false;
        return true;
      }),
      { numRuns: 400 },
    );
  });
});

describe('AugMix with a mask', () => {
  const geometric = new Set(['ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate']);
  it('draws only colour ops when a mask follows the image (given, or stated by the targets), so the mask is unchanged', () => {
    let sawGeometric = false;
    for (let index = 0; index < 200; index++) {
      for (const c of argsAt({ chainDepth: 3 }, index).chains) sawGeometric ||= c.ops.some((o) => geometric.has(o.name));
      const withMask = argsAt({ chainDepth: 3 }, index, { mask: true });
      for (const c of withMask.chains) for (const o of c.ops) expect(geometric.has(o.name), o.name).toBe(false);
      expect(argsAt({ chainDepth: 3 }, index, { targets: true })).toEqual(withMask);
    }
    expect(sawGeometric).toBe(true);
    const image = testImage(20, 16);
    const mask = Uint8Array.from({ length: 20 * 16 }, (_, i) => (i * 7) % 5);
    const pipeline = pipelineOf([{ op: 'augMix', p: 1, params: { chainDepth: 3, severity: 10 } }], { version: 2, targets: ['image', 'mask'] });
    for (let index = 0; index < 20; index++) {
      const out = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train', mask });
      expect(out.mask).toEqual(mask);
      // The image still changes: the colour ops blend into it.
      expect(Array.from(out.data)).not.toEqual(Array.from(image.data));
    }
  });
});

describe('AugMix through the worker API', () => {
  it('gives the same bytes in the batch workers (1 and 3) as runPipeline in Node', async () => {
    const SIZE = 12;
    const dataset = makeSampleDataset(SIZE, 3, 5);
    const split = stratifiedSplit(dataset.labels, 4, 0.25, 5);
    const pipeline = pipelineOf([{ op: 'augMix', p: 1, params: { mixtureWidth: 2 } }, { op: 'rescale' }]);
    const epochOf = async (workers: number) => {
      const e = new DataEngine(() => inProcessWorker(createWorkerApi({ transfer: (v) => v })), { size: workers });
      await e.setDataset(dataset);
      const out: Batch[] = [];
      for await (const b of e.batchSource(pipeline, split).train(3, 4)) out.push(b);
      e.destroy();
      return out.map(({ waitMs: _, ...rest }) => rest);
    };
    const one = await epochOf(1);
    expect(await epochOf(3)).toEqual(one);
    const n = SIZE * SIZE * 3;
    for (const batch of one.slice(0, 2)) {
      batch.sampleIndices.forEach((index, k) => {
        const image = { width: SIZE, height: SIZE, channels: 3, data: dataset.pixels.subarray(index * n, (index + 1) * n) };
        expect(batch.x.subarray(k * n, (k + 1) * n)).toEqual(runPipeline(pipeline, image, { epoch: 3, index, mode: 'train' }).data);
      });
    }
  });
});
