// The series op catalogue: the explicit list of ops/index.ts, each name once (a duplicate is an
// error, as in the image registry), with each op's parameter validator built once.

import type { z } from 'zod';
import { paramsSchema } from '../params.js';
import type { AnySeriesOp } from './op.js';
import { SERIES_OPS } from './ops/index.js';

const ops = new Map<string, AnySeriesOp>();
const schemas = new Map<string, z.ZodType>();

for (const op of SERIES_OPS) {
  if (ops.has(op.name)) throw new Error(`series op "${op.name}" is registered twice`);
  if (op.stage === 'preprocess' && op.defaultP !== 1) throw new Error(`series op "${op.name}": preprocess ops always run (defaultP must be 1)`);
  if (op.stage === 'augment' && op.outputShape) throw new Error(`series op "${op.name}": augment ops keep the length (train and inference must give one shape)`);
  ops.set(op.name, op);
  schemas.set(op.name, paramsSchema(op.params));
}

export function getSeriesOp(name: string): AnySeriesOp | undefined {
  return ops.get(name);
}

export function requireSeriesOp(name: string): AnySeriesOp {
  const op = ops.get(name);
  if (!op) throw new Error(`unknown series op "${name}"`);
  return op;
}

export function seriesParamsSchemaOf(name: string): z.ZodType {
  const schema = schemas.get(name);
  if (!schema) throw new Error(`unknown series op "${name}"`);
  return schema;
}

export function listSeriesOps(): AnySeriesOp[] {
  return [...ops.values()];
}
