// Issue 10, defect 4: the published JSON Schema and the parser give the same verdict on generated
// valid and invalid pipelines, wherever JSON Schema can state the rule (RULES_BEYOND_JSON_SCHEMA
// lists where it cannot; there the parser may refuse what the schema accepts, never the reverse).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validPipelineDoc } from '../arbitraries.js';
import { listOps, MAX_STEPS, parsePipeline, PipelineError, RULES_BEYOND_JSON_SCHEMA, stepAlwaysRuns } from '../index.js';

const file = resolve(dirname(new URL(import.meta.url).pathname), '../../../public/schema/pipeline.v2.json');
const validate = new Ajv2020({ strict: true, allErrors: false }).compile(JSON.parse(readFileSync(file, 'utf8')) as object);

/** Parser messages of the rules JSON Schema cannot state, one per entry of RULES_BEYOND_JSON_SCHEMA (the shape checks run later). */
const BEYOND = [
  /expected \[min, max\] with min <= max/,
  /must come before/,
  /values could reach/,
  /expected a step index|expected a number of steps|overlap groups|covers the same steps|cannot be in a group|one weight per child|at most the group's|with min <= max|at most one group per step/,
  /is listed twice/,
];

function verdicts(doc: unknown): { parser: PipelineError | null; schema: boolean } {
  let parser: PipelineError | null = null;
  try {
    parsePipeline(doc);
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    parser = e;
  }
  return { parser, schema: validate(doc) };
}

function expectAgreement(doc: unknown): void {
  const { parser, schema } = verdicts(doc);
  if (parser === null) {
    expect(schema, `the schema refuses what the parser accepts: ${JSON.stringify(doc)}\n${JSON.stringify(validate.errors)}`).toBe(true);
  } else if (schema) {
    for (const issue of parser.issues) expect(BEYOND.some((re) => re.test(issue.message)), `the schema accepts what the parser refuses: ${issue.path}: ${issue.message}`).toBe(true);
  }
}

type Doc = { steps: Record<string, unknown>[] } & Record<string, unknown>;
const OPS = listOps();

/** Applies `change` to step k (modulo the count) when it is an object. */
function onStep(d: Doc, k: number, change: (step: Record<string, unknown>) => void): void {
  const step = d.steps[k % Math.max(1, d.steps.length)];
  if (typeof step === 'object' && step !== null) change(step);
}

/** Breaks one rule of a valid document; each mutation targets a rule the parser checks. */
const mutation: fc.Arbitrary<(doc: Doc, pick: number) => void> = fc.constantFrom<(doc: Doc, pick: number) => void>(
  (d, k) => onStep(d, k, (s) => (s.p = 0.5)),
  (d) => d.steps.push({ op: 'randomCrop', p: 0.25 }),
  (d) => d.steps.push({ op: 'rotate', params: { degrees: [114, -25] } }),
  (d) => d.steps.push({ op: 'normalize', params: { std: [0.2, 0.2] } }),
  (d) => d.steps.push({ op: 'normalize', params: { mean: [0.5, 0.5] } }),
  (d) => d.steps.push({ op: 'normalize', params: { std: [1e-7] } }),
  (d) => d.steps.push({ op: 'rescale' }, { op: 'brightness' }),
  (d, k) => onStep(d, k, (s) => (s.stage = null)),
  (d, k) => onStep(d, k, (s) => (s.enabled = null)),
  (d, k) => onStep(d, k, (s) => (s.params = null)),
  (d, k) => onStep(d, k, (s) => (s.stage = d.steps[k % d.steps.length]!.stage === 'augment' ? 'preprocess' : 'augment')),
  (d, k) => onStep(d, k, (s) => (s.extra = 1)),
  (d, k) => onStep(d, k, (s) => (s.p = 1.5)),
  (d, k) => {
    // One parameter out of its bounds, of the wrong type, or not an integer.
    const op = OPS[k % OPS.length]!;
    const names = Object.keys(op.params);
    if (!names.length) return;
    const name = names[k % names.length]!;
    const spec = op.params[name]!;
    const bad = spec.kind === 'number' ? [spec.max + 1, spec.integer ? spec.min + 0.5 : 'x'][k % 2] : spec.kind === 'range' ? [spec.min - 1, spec.max] : spec.kind === 'vector' ? [spec.max + 1] : 'nonsense';
    d.steps.push({ op: op.name, ...(stepAlwaysRuns(op) ? {} : { p: 1 }), params: { [name]: bad } });
  },
  (d) => d.steps.push({ op: 'flip', params: { unknown: 1 } }),
  (d) => d.steps.push({ op: 'rotat' }),
  (d) => d.steps.push({ params: {} }),
  (d) => d.steps.push('flip' as unknown as Record<string, unknown>),
  (d) => (d.steps = Array.from({ length: MAX_STEPS + 1 }, () => ({ op: 'flip' }))),
  (d, k) => (d.seed = [-1, 0.5, 2 ** 32, '1'][k % 4]),
  (d) => (d.name = 'n'.repeat(201)),
  (d) => (d.name = '😀'.repeat(150)),
  (d) => (d.output = { layout: 'CHW' }),
  (d) => (d.output = null),
  (d) => (d.colour = 'red'),
  (d) => (d.version = 2),
  (d) => (d.format = 'albumentations'),
  (d) => (d.modality = 'series'),
);

describe('the parser and the published JSON Schema agree', () => {
  it('lists what the schema cannot state in its description', () => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { description: string };
    for (const rule of RULES_BEYOND_JSON_SCHEMA) expect(schema.description).toContain(rule);
  });

  it('the reported disagreements: p < 1 on a crop, min > max, a std of 2 values, a pixel op after rescale, null fields', () => {
    const base = { format: 'augplay.pipeline', version: 2, steps: [] as unknown[] };
    const cases: [unknown[], 'both' | 'parser'][] = [
      [[{ op: 'randomCrop', p: 0.5 }], 'both'],
      [[{ op: 'randomResizedCrop', p: 0.9 }], 'both'],
      [[{ op: 'rotate', params: { degrees: [114, -25] } }], 'parser'],
      [[{ op: 'normalize', params: { std: [0.2, 0.3] } }], 'both'],
      [[{ op: 'rescale' }, { op: 'brightness' }], 'parser'],
      [[{ op: 'flip', stage: null }], 'both'],
      [[{ op: 'flip', enabled: null }], 'both'],
      [[{ op: 'flip', params: null }], 'both'],
    ];
    for (const [steps, refusedBy] of cases) {
      const { parser, schema } = verdicts({ ...base, steps });
      expect(parser, JSON.stringify(steps)).toBeInstanceOf(PipelineError);
      expect(schema, JSON.stringify(steps)).toBe(refusedBy === 'parser');
    }
  });

  it('groups: the schema states their fields, the parser also their structure', () => {
    const steps = [{ op: 'flip' }, { op: 'rotate' }, { op: 'brightness' }];
    const cases: [unknown, 'none' | 'both' | 'parser'][] = [
      [[{ kind: 'oneOf', first: 0, count: 3, weights: [0, 2] }, { kind: 'someOf', first: 1, count: 2, n: [0, 2], keepOrder: false }], 'none'],
      [[{ kind: 'sequence', first: 0, count: 2, p: 0.5, enabled: false }], 'none'],
      [[{ kind: 'anyOf', first: 0, count: 2 }], 'both'],
      [[{ kind: 'oneOf', first: 0, count: 0 }], 'both'],
      [[{ kind: 'oneOf', first: 0, count: 2, weights: [0, 0] }], 'both'],
      [[{ kind: 'sequence', first: 0, count: 2, n: 1 }], 'both'],
      [[{ kind: 'someOf', first: 0, count: 2, n: 2.5 }], 'both'],
      [[{ kind: 'oneOf', first: 0, count: 2, p: 2 }], 'both'],
      [[{ kind: 'oneOf', first: 0, count: 9 }], 'parser'],
      [[{ kind: 'oneOf', first: 0, count: 2 }, { kind: 'oneOf', first: 1, count: 2 }], 'parser'],
      [[{ kind: 'oneOf', first: 0, count: 2, weights: [1] }], 'parser'],
      [[{ kind: 'someOf', first: 0, count: 2, n: [2, 1] }], 'parser'],
    ];
    for (const [groups, refusedBy] of cases) {
      const { parser, schema } = verdicts({ format: 'augplay.pipeline', version: 2, steps, groups });
      expect(parser === null, JSON.stringify(groups)).toBe(refusedBy === 'none');
      expect(schema, JSON.stringify(groups)).toBe(refusedBy !== 'both');
      expectAgreement({ format: 'augplay.pipeline', version: 2, steps, groups });
    }
  });

  it('property: same verdict on generated valid pipelines', () => {
    fc.assert(fc.property(validPipelineDoc({ maxSteps: 8 }), (doc) => expectAgreement(doc)), { numRuns: 600, seed: 41 });
  });

  it('property: same verdict on generated invalid pipelines (each with one or two rules broken)', () => {
    fc.assert(
      fc.property(validPipelineDoc({ maxSteps: 5 }), fc.array(fc.tuple(mutation, fc.nat()), { minLength: 1, maxLength: 2 }), (doc, changes) => {
        for (const [change, k] of changes) change(doc as Doc, k);
        expectAgreement(doc);
      }),
      { numRuns: 800, seed: 42 },
    );
  });
});
