// Groups of steps (pipeline version 2): what each kind picks, over many samples within statistical
// bounds; draws that depend on (seed, epoch, index, path) only; toggling a step or a group never
// changes another's draws; fusion across what a group resolves to; refusals that name the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveOrder, type Group } from './groups.js';
import { parsePipeline, PipelineError, runPipeline } from './index.js';
import { sampleSeed } from './rng.js';
import { pipelineOf, testImage } from './testing.js';

const N = 6000;
/** Counts of each step appearing over N samples. */
function counts(groups: Group[], steps: number): number[] {
  const c = new Array<number>(steps).fill(0);
  for (let i = 0; i < N; i++) for (const s of resolveOrder(groups, steps, sampleSeed(3, 0, i)).order) c[s]!++;
  return c;
}
/** |observed - expected| within 5 binomial standard deviations (fails by chance about once in 3.5 million). */
function within(observed: number, p: number): boolean {
  return Math.abs(observed - N * p) <= 5 * Math.sqrt(N * p * (1 - p)) + 1;
}
const g = (kind: Group['kind'], first: number, count: number, extra: Partial<Group> = {}): Group => ({ kind, first, count, p: 1, enabled: true, ...extra });

describe('group picks', () => {
  it('oneOf picks exactly one child, uniformly or by weight', () => {
    for (let i = 0; i < 200; i++) expect(resolveOrder([g('oneOf', 0, 3)], 3, sampleSeed(1, 0, i)).order).toHaveLength(1);
    const uniform = counts([g('oneOf', 0, 3)], 3);
    uniform.forEach((c) => expect(within(c, 1 / 3), `${uniform}`).toBe(true));
    const weighted = counts([g('oneOf', 0, 3, { weights: [1, 0, 3] })], 3);
    expect(weighted[1]).toBe(0);
    expect(within(weighted[0]!, 0.25) && within(weighted[2]!, 0.75), `${weighted}`).toBe(true);
  });

  it('someOf picks n in range without replacement, in step order unless keepOrder is false', () => {
    const sizes = new Array<number>(5).fill(0);
    let reordered = 0;
    for (let i = 0; i < N; i++) {
      const kept = resolveOrder([g('someOf', 0, 4, { n: [1, 3] })], 4, sampleSeed(2, 1, i)).order;
      expect(new Set(kept).size).toBe(kept.length);
      expect(kept).toEqual([...kept].sort((a, b) => a - b));
      sizes[kept.length]!++;
      const free = resolveOrder([g('someOf', 0, 4, { n: [3, 3], keepOrder: false })], 4, sampleSeed(2, 1, i)).order;
      expect(new Set(free).size).toBe(3);
      if (free.join() !== [...free].sort((a, b) => a - b).join()) reordered++;
    }
    expect([sizes[0], sizes[4]]).toEqual([0, 0]);
    [1, 2, 3].forEach((k) => expect(within(sizes[k]!, 1 / 3), `${sizes}`).toBe(true));
    // Each step is in a draw of 2 of 4 with probability 1/2.
    counts([g('someOf', 0, 4, { n: [2, 2] })], 4).forEach((c) => expect(within(c, 0.5)).toBe(true));
    // 5 of the 6 orders of 3 drawn children are not step order.
    expect(within(reordered, 5 / 6)).toBe(true);
  });

  it("sequence runs all its children with its own p; nested groups resolve inside their parent's pick", () => {
    const seq = counts([g('sequence', 0, 2, { p: 0.3 })], 3);
    expect(seq[2]).toBe(N);
    expect(seq[0]).toBe(seq[1]);
    expect(within(seq[0]!, 0.3)).toBe(true);
    // oneOf(step 0, oneOf(step 1, step 2)): 1/2, 1/4, 1/4.
    const nested = counts([g('oneOf', 0, 3), g('oneOf', 1, 2)], 3);
    expect(within(nested[0]!, 0.5) && within(nested[1]!, 0.25) && within(nested[2]!, 0.25), `${nested}`).toBe(true);
    expect(counts([g('oneOf', 0, 2, { enabled: false })], 2)).toEqual([0, 0]);
  });
});

const image = testImage(21, 17);
const STEPS = [{ op: 'flip', p: 0.5 }, { op: 'rotate', p: 1 }, { op: 'brightness', p: 1 }, { op: 'contrast', p: 0.7 }, { op: 'gaussianNoise', p: 0.5 }];

describe('group draws', () => {
  it('depend on (seed, epoch, index) only: same bytes whatever ran before', () => {
    const pipeline = pipelineOf(STEPS, { groups: [{ kind: 'someOf', first: 0, count: 4, n: [1, 3], keepOrder: false }, { kind: 'oneOf', first: 1, count: 2 }] });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 10000 }), (epoch, index) => {
        const a = runPipeline(pipeline, image, { epoch, index, mode: 'train' });
        runPipeline(pipeline, image, { epoch: epoch + 1, index: index + 1, mode: 'train' });
        expect(runPipeline(pipeline, image, { epoch, index, mode: 'train' }).data).toEqual(a.data);
      }),
      { numRuns: 100 },
    );
  });

  it("toggling a step or a group leaves every other step's draws as they were", () => {
    const groups = [{ kind: 'oneOf', first: 0, count: 2 }, { kind: 'sequence', first: 2, count: 2, p: 0.5 }];
    const base = pipelineOf(STEPS, { groups });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.integer({ min: 0, max: 10000 }), (toggled, group, index) => {
        const steps = STEPS.map((s, i) => (!group && i === toggled ? { ...s, enabled: false } : s));
        const gs = groups.map((x, i) => (group && i === toggled % 2 ? { ...x, enabled: false } : x));
        const other = pipelineOf(steps, { groups: gs });
        const a = runPipeline(base, image, { epoch: 0, index, mode: 'train' }).trace;
        const b = runPipeline(other, image, { epoch: 0, index, mode: 'train' }).trace;
        const off = (s: number) => (group ? gs[toggled % 2]!.first <= s && s < gs[toggled % 2]!.first + gs[toggled % 2]!.count : s === toggled);
        for (const t of a) {
          if (off(t.step)) continue;
          expect(b.find((u) => u.step === t.step)).toEqual(t);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fuses across what a group resolves to: same bytes as the steps run one by one', () => {
    const pipeline = pipelineOf(STEPS, { groups: [{ kind: 'someOf', first: 0, count: 5, n: [2, 4], keepOrder: false }] });
    for (let index = 0; index < 40; index++) {
      const fused = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train' });
      const reference = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train', reference: true });
      expect(Math.max(...fused.data.map((v, i) => Math.abs(v - reference.data[i]!)))).toBeLessThanOrEqual(1);
    }
  });

  it('shows steps their group did not pick as not applied, and runs no group at inference', () => {
    const pipeline = pipelineOf([{ op: 'flip', p: 1 }, { op: 'invert', p: 1 }], { groups: [{ kind: 'oneOf', first: 0, count: 2 }] });
    const trace = runPipeline(pipeline, image, { epoch: 0, index: 1, mode: 'train' }).trace;
    expect(trace.map((t) => t.applied).sort()).toEqual([false, true]);
    expect(runPipeline(pipeline, image, { epoch: 0, index: 1, mode: 'inference' }).data).toEqual(runPipeline(pipelineOf([]), image, { epoch: 0, index: 1, mode: 'inference' }).data);
  });
});

describe('group refusals name the field', () => {
  const message = (groups: unknown, steps: unknown[] = STEPS): string => {
    try {
      parsePipeline({ format: 'augplay.pipeline', version: 2, steps, groups });
      return 'accepted';
    } catch (e) {
      return (e as PipelineError).message;
    }
  };
  const cases: [string, unknown, RegExp][] = [
    ['unknown kind', [{ kind: 'anyOf', first: 0, count: 2 }], /groups\[0\]\.kind: expected "oneOf", "someOf" or "sequence"/],
    ['past the last step', [{ kind: 'oneOf', first: 3, count: 3 }], /groups\[0\]\.count: expected a number of steps from 1 to 2/],
    ['partial overlap', [{ kind: 'oneOf', first: 0, count: 3 }, { kind: 'oneOf', first: 2, count: 2 }], /groups\[1\]: steps 2-3 overlap groups\[0\]/],
    ['same steps twice', [{ kind: 'oneOf', first: 0, count: 2 }, { kind: 'sequence', first: 0, count: 2 }], /covers the same steps as groups\[0\]/],
    ['weights per child', [{ kind: 'oneOf', first: 0, count: 3, weights: [1, 2] }], /groups\[0\]\.weights: expected one weight per child \(3\), got 2/],
    ['n beyond the children', [{ kind: 'someOf', first: 0, count: 2, n: 3 }], /groups\[0\]\.n: expected at most the group's 2 children/],
    ['n range reversed', [{ kind: 'someOf', first: 0, count: 2, n: [2, 1] }], /groups\[0\]\.n: .*min <= max/],
    ['field of another kind', [{ kind: 'sequence', first: 0, count: 2, weights: [1, 1] }], /groups\[0\]: unknown field "weights"/],
    ['a preprocess step', [{ kind: 'oneOf', first: 0, count: 2 }], /steps\[1\] \(resize\) is a preprocess step: it must run for every sample, so it cannot be in a group/],
  ];
  for (const [what, groups, expected] of cases) {
    it(what, () => expect(message(groups, what === 'a preprocess step' ? [{ op: 'flip' }, { op: 'resize', params: { width: 8, height: 8 } }] : STEPS)).toMatch(expected));
  }
  it('groups in a version-1 file', () => {
    expect(() => parsePipeline({ format: 'augplay.pipeline', version: 1, steps: STEPS, groups: [] })).toThrow(/groups: groups of steps came in pipeline version 2/);
  });
});
