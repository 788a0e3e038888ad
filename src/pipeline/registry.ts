// The op registry: one explicit list of ops (ops/index.ts), registered once; a second op with the
// same name is an error, as in tfjs's kernel registry.

import type { AnyOp } from './op.js';
import { paramsSchema } from './params.js';
import type { z } from 'zod';

const ops = new Map<string, AnyOp>();
const schemas = new Map<string, z.ZodType>();

export function registerOp(op: AnyOp): void {
  if (ops.has(op.name)) throw new Error(`op "${op.name}" is registered twice`);
  if (op.stage === 'preprocess' && op.defaultP !== 1) throw new Error(`op "${op.name}": preprocess ops always run (defaultP must be 1)`);
  if (op.stage === 'augment' && op.outputShape && !op.inference) throw new Error(`op "${op.name}" sets the output size, so it needs an inference form (train and inference must give one shape)`);
  ops.set(op.name, op);
  schemas.set(op.name, paramsSchema(op.params));
}

export function getOp(name: string): AnyOp | undefined {
  return ops.get(name);
}

export function requireOp(name: string): AnyOp {
  const op = ops.get(name);
  if (!op) throw new Error(`unknown op "${name}"`);
  return op;
}

export function paramsSchemaOf(name: string): z.ZodType {
  const schema = schemas.get(name);
  if (!schema) throw new Error(`unknown op "${name}"`);
  return schema;
}

export function listOps(): AnyOp[] {
  return [...ops.values()];
}
