// The pipeline format, version 1: TypeScript types and the validator with messages that name the
// field, from the same definitions as the JSON Schema (jsonSchema.ts): the op registry's parameter
// specs and the rules of ../rules.ts.

import { z } from 'zod';
import type { Stage } from '../op.js';
import type { ParamSpecs, ParamsOf } from '../params.js';
import { getOp, listOps, paramsSchemaOf } from '../registry.js';
import { MAX_STEPS, orderIssues, stepAlwaysRuns, valueIssues } from '../rules.js';
import { echo, PipelineError, joinPath, type Issue } from './errors.js';
import { plainJson, precheckJsonText } from './json.js';
import { migrate } from './migrations.js';
import { parseSeriesStep } from '../series/parseStep.js';
import { parseGroups, type Group } from '../groups.js';
import { parseBatchSteps, type BatchStep } from '../batchMix.js';

export const PIPELINE_FORMAT = 'augplay.pipeline';
export const PIPELINE_VERSION = 2;
export const MAX_SEED = 0xffffffff;
/** Longest name, in characters (Unicode code points, as JSON Schema's maxLength counts). */
export const MAX_NAME_CHARS = 200;
export const LAYOUTS = ['NHWC', 'NCHW'] as const;
export const MODALITIES = ['image', 'series'] as const;
export type Modality = (typeof MODALITIES)[number];
export type Layout = (typeof LAYOUTS)[number];

export interface Step {
  op: string;
  stage: Stage;
  /** Probability that the step runs for a given sample (always 1 for preprocess steps). */
  p: number;
  enabled: boolean;
  /** Validated against the op's parameter specs, defaults filled in. */
  params: ParamsOf<ParamSpecs>;
}

/** What a pipeline can be built for: the image, and (segmentation) its mask. */
export const TARGETS = ['image', 'mask'] as const;
export type Target = (typeof TARGETS)[number];

export interface Pipeline {
  format: typeof PIPELINE_FORMAT;
  version: typeof PIPELINE_VERSION;
  name?: string;
  /** 'series': steps are time-series ops (series/), run by series/run.ts. */
  modality: 'image' | 'series';
  seed: number;
  steps: Step[];
  /** Version 2: groups of consecutive steps (oneOf, someOf, sequence); absent when there are none. */
  groups?: Group[];
  /** Version 2: batch-level steps (mixUp, cutMix), run on training batches; absent when there are none. */
  batch?: BatchStep[];
  /** Version 2: what the pipeline was built for; absent = the image alone. ["image", "mask"]: segmentation (masks move with images, maskBehaviour.ts). */
  targets?: Target[];
  output: { layout: Layout; dtype: 'float32' };
}

const seedSchema = z
  .number({ error: (iss) => `expected an integer from 0 to ${MAX_SEED}, got ${echo(iss.input)}` })
  .int({ error: (iss) => `expected an integer from 0 to ${MAX_SEED}, got ${echo(iss.input)}` })
  .min(0, { error: (iss) => `expected an integer from 0 to ${MAX_SEED}, got ${echo(iss.input)}` })
  .max(MAX_SEED, { error: (iss) => `expected an integer from 0 to ${MAX_SEED}, got ${echo(iss.input)}` });

const outputSchema = z.strictObject({
  layout: z.enum(LAYOUTS, { error: (iss) => `expected "NHWC" or "NCHW", got ${echo(iss.input)}` }).default('NHWC'),
  dtype: z.literal('float32', { error: (iss) => `expected "float32", got ${echo(iss.input)}` }).default('float32'),
});

const envelopeSchema = z.strictObject({
  format: z.literal(PIPELINE_FORMAT),
  version: z.literal(PIPELINE_VERSION),
  name: z
    .string({ error: 'expected text' })
    // Code points, as JSON Schema counts; a string of more than twice as many UTF-16 units has more.
    .refine((s) => s.length <= MAX_NAME_CHARS || (s.length <= 2 * MAX_NAME_CHARS && [...s].length <= MAX_NAME_CHARS), { error: `expected at most ${MAX_NAME_CHARS} characters` })
    .optional(),
  modality: z.enum(MODALITIES, { error: (iss) => `expected "image" or "series", got ${echo(iss.input)}` }).default('image'),
  seed: seedSchema.default(0),
  steps: z
    .array(z.unknown(), { error: (iss) => `expected a list of steps, got ${echo(iss.input)}` })
    .max(MAX_STEPS, { error: (iss) => `expected at most ${MAX_STEPS} steps, got ${(iss.input as unknown[]).length}` }),
  groups: z.unknown().optional(),
  batch: z.unknown().optional(),
  targets: z
    .custom<Target[]>((v) => JSON.stringify(v) === '["image"]' || JSON.stringify(v) === '["image","mask"]', { error: (iss) => `expected ["image"] or ["image", "mask"], got ${echo(iss.input)}` })
    .optional(),
  output: outputSchema.default({ layout: 'NHWC', dtype: 'float32' }),
});

const probabilitySchema = z
  .number({ error: (iss) => `expected a probability from 0 to 1, got ${echo(iss.input)}` })
  .min(0, { error: (iss) => `expected a probability from 0 to 1, got ${echo(iss.input)}` })
  .max(1, { error: (iss) => `expected a probability from 0 to 1, got ${echo(iss.input)}` });

function zodIssues(base: string, error: z.ZodError, opName?: string): Issue[] {
  return error.issues.map((iss) => {
    if (iss.code === 'unrecognized_keys') {
      const known = opName ? Object.keys(getOp(opName)?.params ?? {}) : [];
      const what = opName ? `parameter${iss.keys.length > 1 ? 's' : ''}` : `field${iss.keys.length > 1 ? 's' : ''}`;
      const list = iss.keys.slice(0, 5).map((k) => echo(k)).join(', ') + (iss.keys.length > 5 ? ` and ${iss.keys.length - 5} more` : '');
      const suffix = opName ? ` for ${opName}${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}` : '';
      return { path: joinPath(base, iss.path), message: `unknown ${what} ${list}${suffix}` };
    }
    return { path: joinPath(base, iss.path), message: iss.message };
  });
}

/** Edit distance, for "did you mean" on unknown op names. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** Names longer than this get no "did you mean" (no op name is near; the edit distance costs length squared). */
const SUGGEST_MAX_CHARS = 32;

function unknownOpMessage(name: string): string {
  const names = listOps().map((op) => op.name);
  const close =
    name.length > SUGGEST_MAX_CHARS
      ? undefined
      : names
          .map((n) => [n, distance(n.toLowerCase(), name.toLowerCase())] as const)
          .filter(([, dist]) => dist <= 2)
          .sort((a, b) => a[1] - b[1])[0];
  return `unknown op ${echo(name)}${close ? ` (did you mean "${close[0]}"?)` : ''}; known ops: ${names.join(', ')}`;
}

function parseStep(raw: unknown, path: string, issues: Issue[]): Step | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: `expected a step object like {"op": "flip"}, got ${echo(raw)}` });
    return null;
  }
  const rec = raw as Record<string, unknown>;
  const allowed = new Set(['op', 'stage', 'p', 'enabled', 'params']);
  const extra = Object.keys(rec).filter((k) => !allowed.has(k));
  if (extra.length) {
    const list = extra.slice(0, 5).map((k) => echo(k)).join(', ') + (extra.length > 5 ? ` and ${extra.length - 5} more` : '');
    issues.push({ path, message: `unknown field${extra.length > 1 ? 's' : ''} ${list} (a step has op, stage, p, enabled, params)` });
  }
  if (typeof rec.op !== 'string') {
    issues.push({ path: `${path}.op`, message: `expected the op's name as text, got ${echo(rec.op)}` });
    return null;
  }
  const op = getOp(rec.op);
  if (!op) {
    issues.push({ path: `${path}.op`, message: unknownOpMessage(rec.op) });
    return null;
  }
  let ok = true;
  // Absent fields take their defaults; null is a value, and refused (as the JSON Schema refuses it).
  const stage = rec.stage === undefined ? op.stage : rec.stage;
  if (stage !== 'preprocess' && stage !== 'augment') {
    issues.push({ path: `${path}.stage`, message: `expected "preprocess" or "augment", got ${echo(stage)}` });
    ok = false;
  } else if (stage !== op.stage) {
    issues.push({
      path: `${path}.stage`,
      message:
        op.stage === 'augment'
          ? `${op.name} is an augment op: it is random and runs in training only, so its stage must be "augment"`
          : `${op.name} is a preprocess op: it runs at training and at inference, so its stage must be "preprocess"`,
    });
    ok = false;
  }
  const p = probabilitySchema.default(op.defaultP).safeParse(rec.p);
  if (!p.success) {
    issues.push(...zodIssues(`${path}.p`, p.error));
    ok = false;
  } else if (stepAlwaysRuns(op) && op.stage === 'preprocess' && p.data !== 1) {
    issues.push({ path: `${path}.p`, message: `preprocess steps always run (they must match at inference): expected 1, got ${p.data}` });
    ok = false;
  } else if (stepAlwaysRuns(op) && p.data !== 1) {
    issues.push({ path: `${path}.p`, message: `${op.name} sets the output size, so it must run for every sample (a batch has one shape): expected 1, got ${p.data}` });
    ok = false;
  }
  const enabled = rec.enabled === undefined ? true : rec.enabled;
  if (typeof enabled !== 'boolean') {
    issues.push({ path: `${path}.enabled`, message: `expected true or false, got ${echo(enabled)}` });
    ok = false;
  }
  const rawParams = rec.params === undefined ? {} : rec.params;
  if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams)) {
    issues.push({ path: `${path}.params`, message: `expected an object of parameters, got ${echo(rawParams)}` });
    return null;
  }
  const params = paramsSchemaOf(op.name).safeParse(rawParams);
  if (!params.success) {
    issues.push(...zodIssues(`${path}.params`, params.error, op.name));
    return null;
  }
  if (!ok || !p.success) return null;
  return { op: op.name, stage: op.stage, p: p.data, enabled: enabled as boolean, params: params.data as ParamsOf<ParamSpecs> };
}

/**
 * Reads a pipeline from JSON text or a parsed value. Throws PipelineError naming each bad field
 * and what was expected; never guesses at an unknown version.
 */
export function parsePipeline(json: unknown): Pipeline {
  let parsed = json;
  if (typeof json === 'string') {
    precheckJsonText(json);
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new PipelineError([{ path: '', message: `not valid JSON: ${echo((e as Error).message, 200).replace(/^"|"$/g, '')}` }]);
    }
  }
  const value = plainJson(parsed);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PipelineError([{ path: '', message: `expected a pipeline object {"format": "${PIPELINE_FORMAT}", ...}, got ${echo(value)}` }]);
  }
  const doc = value as Record<string, unknown>;
  if (doc.format !== PIPELINE_FORMAT) {
    throw new PipelineError([{ path: 'format', message: `expected "${PIPELINE_FORMAT}", got ${echo(doc.format)}: this is not an augplay pipeline file` }]);
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new PipelineError([{ path: 'version', message: `expected a positive integer, got ${echo(version)}` }]);
  }
  if (version > PIPELINE_VERSION) {
    throw new PipelineError([
      { path: 'version', message: `this file is pipeline version ${version}, made by a newer augplay; this app reads versions up to ${PIPELINE_VERSION}. Update augplay to open it.` },
    ]);
  }
  for (const field of ['groups', 'batch', 'targets'] as const) {
    if (version < 2 && doc[field] !== undefined) {
      throw new PipelineError([{ path: field, message: `${field === 'groups' ? 'groups of steps' : field === 'batch' ? 'batch steps (mixUp, cutMix)' : 'targets'} came in pipeline version 2: set "version": 2 to use them` }]);
    }
  }
  const current = migrate(doc, version);
  const envelope = envelopeSchema.safeParse(current);
  if (!envelope.success) throw new PipelineError(zodIssues('', envelope.error));
  const issues: Issue[] = [];
  const steps: Step[] = [];
  envelope.data.steps.forEach((raw, i) => {
    const step = envelope.data.modality === 'series' ? parseSeriesStep(raw, `steps[${i}]`, issues) : parseStep(raw, `steps[${i}]`, issues);
    if (step) steps.push(step);
  });
  const groups = issues.length === 0 ? parseGroups(envelope.data.groups, steps, issues) : [];
  if (envelope.data.modality === 'series' && groups.length) issues.push({ path: 'groups', message: 'groups of steps are for image pipelines; a time-series pipeline lists its steps only' });
  const batch = parseBatchSteps(envelope.data.batch, issues);
  if (envelope.data.modality === 'series' && batch.length) issues.push({ path: 'batch', message: 'batch steps (mixUp, cutMix) are for image pipelines' });
  // The order and value-range rules are about pixel values; series steps have none of them.
  if (issues.length === 0 && envelope.data.modality === 'image') issues.push(...orderIssues(steps));
  if (issues.length === 0 && envelope.data.modality === 'image') issues.push(...valueIssues(steps));
  if (issues.length) throw new PipelineError(issues);
  const out: Pipeline = {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    modality: envelope.data.modality,
    seed: envelope.data.seed,
    steps,
    output: envelope.data.output,
  };
  if (groups.length) out.groups = groups;
  if (batch.length) out.batch = batch;
  const withMask = envelope.data.targets?.length === 2;
  if (withMask && envelope.data.modality === 'series') throw new PipelineError([{ path: 'targets', message: 'masks are for image pipelines; a time-series pipeline has the series alone' }]);
  if (withMask) out.targets = ['image', 'mask'];
  if (envelope.data.name !== undefined) out.name = envelope.data.name;
  return seal(out);
}

/**
 * Pipelines parsePipeline made: frozen all the way down, so they cannot change after the check, and
 * checkedPipeline takes them as they are (no serialising per sample).
 */
const sealed = new WeakSet<object>();

function seal(pipeline: Pipeline): Pipeline {
  const freeze = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  };
  freeze(pipeline);
  sealed.add(pipeline);
  return pipeline;
}

/** Pipelines already checked, with the JSON text they were checked as (so a later change is seen). */
const checked = new WeakMap<object, { text: string; pipeline: Pipeline }>();

/**
 * The pipeline as parsePipeline would give it, for entry points (runPipeline, outputShape) that
 * may be handed an object built by hand: a width of 0 or 2.5 is refused there with the field's
 * name, not deep inside a kernel. parsePipeline's own (frozen) results pass as they are; other
 * objects are checked once per object and text, so a pipeline run once per sample is parsed once.
 */
export function checkedPipeline(pipeline: Pipeline): Pipeline {
  if (typeof pipeline !== 'object' || pipeline === null) return parsePipeline(pipeline);
  if (sealed.has(pipeline)) return pipeline;
  let text: string;
  try {
    text = JSON.stringify(pipeline);
  } catch {
    return parsePipeline(pipeline);
  }
  const hit = checked.get(pipeline);
  if (hit && hit.text === text) return hit.pipeline;
  const parsed = parsePipeline(pipeline);
  checked.set(pipeline, { text, pipeline: parsed });
  return parsed;
}
