// Reads one step of a series pipeline (modality "series"): the same fields and messages as an
// image step, checked against the series op catalogue.

import type { z } from 'zod';
import type { ParamSpecs, ParamsOf } from '../params.js';
import { echo, joinPath, type Issue } from '../schema/errors.js';
import type { Step } from '../schema/pipeline.js';
import { getSeriesOp, listSeriesOps, seriesParamsSchemaOf } from './registry.js';

const STEP_FIELDS = new Set(['op', 'stage', 'p', 'enabled', 'params']);

function paramIssues(base: string, error: z.ZodError, opName: string): Issue[] {
  return error.issues.map((iss) => {
    if (iss.code === 'unrecognized_keys') {
      const known = Object.keys(getSeriesOp(opName)?.params ?? {});
      return { path: base, message: `unknown parameter ${iss.keys.slice(0, 5).map((k) => echo(k)).join(', ')} for ${opName}${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}` };
    }
    return { path: joinPath(base, iss.path), message: iss.message };
  });
}

export function parseSeriesStep(raw: unknown, path: string, issues: Issue[]): Step | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: `expected a step object like {"op": "jitter"}, got ${echo(raw)}` });
    return null;
  }
  const rec = raw as Record<string, unknown>;
  const extra = Object.keys(rec).filter((k) => !STEP_FIELDS.has(k));
  if (extra.length) issues.push({ path, message: `unknown field ${extra.slice(0, 5).map((k) => echo(k)).join(', ')} (a step has op, stage, p, enabled, params)` });
  if (typeof rec.op !== 'string') {
    issues.push({ path: `${path}.op`, message: `expected the op's name as text, got ${echo(rec.op)}` });
    return null;
  }
  const op = getSeriesOp(rec.op);
  if (!op) {
    issues.push({ path: `${path}.op`, message: `unknown time-series op ${echo(rec.op)}; known series ops: ${listSeriesOps().map((o) => o.name).join(', ')}` });
    return null;
  }
  let ok = extra.length === 0;
  const stage = rec.stage === undefined ? op.stage : rec.stage;
  if (stage !== op.stage) {
    issues.push({ path: `${path}.stage`, message: `${op.name} is ${op.stage === 'augment' ? 'an augment' : 'a preprocess'} op: its stage must be "${op.stage}", got ${echo(stage)}` });
    ok = false;
  }
  const p = rec.p === undefined ? op.defaultP : rec.p;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    issues.push({ path: `${path}.p`, message: `expected a probability from 0 to 1, got ${echo(p)}` });
    ok = false;
  } else if (op.stage === 'preprocess' && p !== 1) {
    issues.push({ path: `${path}.p`, message: `preprocess steps always run (they must match at inference): expected 1, got ${p}` });
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
  const params = seriesParamsSchemaOf(op.name).safeParse(rawParams);
  if (!params.success) {
    issues.push(...paramIssues(`${path}.params`, params.error, op.name));
    return null;
  }
  if (!ok) return null;
  return { op: op.name, stage: op.stage, p: p as number, enabled: enabled as boolean, params: params.data as ParamsOf<ParamSpecs> };
}
