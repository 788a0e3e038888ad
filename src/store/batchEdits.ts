// Edits of a pipeline's batch steps (mixUp, cutMix) as pure functions: a new, validated pipeline,
// or a PipelineError saying why.

import { BATCH_OP_INFO, BATCH_OPS, type BatchOp, type BatchStep } from '../pipeline/batchMix.js';
import { parsePipeline, type Pipeline } from '../pipeline/index.js';

/** Turns a batch step on (with its defaults) or off (removed), or changes its alpha or p. */
export function setBatchStep(pipeline: Pipeline, op: BatchOp, patch: Partial<Omit<BatchStep, 'op'>> | null): Pipeline {
  const current = pipeline.batch ?? [];
  const old = current.find((s) => s.op === op) ?? { op, alpha: BATCH_OP_INFO[op].defaultAlpha, p: 1, enabled: true };
  const next = patch === null ? current.filter((s) => s.op !== op) : BATCH_OPS.flatMap((o) => (o === op ? [{ ...old, ...patch }] : current.filter((s) => s.op === o)));
  const doc: Partial<Pipeline> = { ...pipeline, batch: next };
  if (next.length === 0) delete doc.batch;
  return parsePipeline(JSON.parse(JSON.stringify(doc)));
}
