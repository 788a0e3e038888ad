// Parameter descriptors: one definition per parameter gives the TypeScript type, the validator
// (zod, with messages that name what was expected), the JSON Schema and what the editor shows
// (label, unit, bounds, step).

import { z } from 'zod';
import { echo } from './schema/errors.js';

interface Common {
  description: string;
  /** Unit shown beside the value, in the user's words: "degrees", "px", "× size". */
  unit?: string;
}

export interface NumberParam extends Common {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
}

/** A [min, max] pair from which a value is drawn at random (uniformly unless the op says). */
export interface RangeParam extends Common {
  kind: 'range';
  default: readonly [number, number];
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
}

export interface ChoiceParam<O extends string = string> extends Common {
  kind: 'choice';
  options: readonly O[];
  default: O;
}

export interface BooleanParam extends Common {
  kind: 'boolean';
  default: boolean;
}

/** A short list of numbers, one per channel (or one for all channels). */
export interface VectorParam extends Common {
  kind: 'vector';
  default: readonly number[];
  min: number;
  max: number;
  /** Allowed lengths, e.g. [1, 3]: one value for all channels, or one per RGB channel. */
  lengths: readonly number[];
  exclusiveMin?: boolean;
}

export type ParamSpec = NumberParam | RangeParam | ChoiceParam | BooleanParam | VectorParam;
export type ParamSpecs = Record<string, ParamSpec>;

type ValueOf<S> = S extends NumberParam
  ? number
  : S extends RangeParam
    ? [number, number]
    : S extends ChoiceParam<infer O>
      ? O
      : S extends BooleanParam
        ? boolean
        : S extends VectorParam
          ? number[]
          : never;

export type ParamsOf<P extends ParamSpecs> = { [K in keyof P]: ValueOf<P[K]> };

export const num = (spec: Omit<NumberParam, 'kind'>): NumberParam => ({ kind: 'number', ...spec });
export const range = (spec: Omit<RangeParam, 'kind'>): RangeParam => ({ kind: 'range', ...spec });
export const choice = <const O extends string>(spec: Omit<ChoiceParam<O>, 'kind'>): ChoiceParam<O> => ({ kind: 'choice', ...spec });
export const bool = (spec: Omit<BooleanParam, 'kind'>): BooleanParam => ({ kind: 'boolean', ...spec });
export const vector = (spec: Omit<VectorParam, 'kind'>): VectorParam => ({ kind: 'vector', ...spec });

const show = (value: unknown): string => echo(value);

function bounds(min: number, max: number, unit?: string): string {
  return `from ${min} to ${max}${unit ? ` ${unit}` : ''}`;
}

function numberSchema(spec: { min: number; max: number; integer?: boolean; unit?: string }, what: string): z.ZodNumber {
  const expected = `expected ${spec.integer ? 'an integer' : 'a number'} ${bounds(spec.min, spec.max, spec.unit)}`;
  let s = z.number({ error: (iss) => `${what}${expected}, got ${show(iss.input)}` });
  if (spec.integer) s = s.int({ error: (iss) => `${what}${expected}, got ${show(iss.input)}` });
  return s
    .min(spec.min, { error: (iss) => `${what}${expected}, got ${show(iss.input)}` })
    .max(spec.max, { error: (iss) => `${what}${expected}, got ${show(iss.input)}` });
}

/** The zod schema of one parameter. Messages say what was expected and what came. */
export function paramSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'number':
      return numberSchema(spec, '').default(spec.default).describe(spec.description);
    case 'range': {
      const rangeMsg = `expected [min, max] with min <= max, each ${bounds(spec.min, spec.max, spec.unit)}`;
      return z
        .tuple([numberSchema(spec, 'min: '), numberSchema(spec, 'max: ')], { error: (iss) => `${rangeMsg}, got ${show(iss.input)}` })
        .refine(([lo, hi]) => lo <= hi, { error: (iss) => `expected [min, max] with min <= max, got ${show(iss.input)}` })
        .default([spec.default[0], spec.default[1]])
        .describe(spec.description);
    }
    case 'choice':
      return z
        .enum(spec.options as [string, ...string[]], { error: (iss) => `expected one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')}, got ${show(iss.input)}` })
        .default(spec.default)
        .describe(spec.description);
    case 'boolean':
      return z
        .boolean({ error: (iss) => `expected true or false, got ${show(iss.input)}` })
        .default(spec.default)
        .describe(spec.description);
    case 'vector': {
      const lengths = spec.lengths.join(' or ');
      const item = z
        .number({ error: (iss) => `expected a number, got ${show(iss.input)}` })
        .min(spec.min, { error: (iss) => `expected a number ${spec.exclusiveMin ? 'above' : 'from'} ${spec.min} to ${spec.max}, got ${show(iss.input)}` })
        .max(spec.max, { error: (iss) => `expected a number ${spec.exclusiveMin ? 'above' : 'from'} ${spec.min} to ${spec.max}, got ${show(iss.input)}` });
      const checked = spec.exclusiveMin ? item.gt(spec.min, { error: (iss) => `expected a number above ${spec.min}, got ${show(iss.input)}` }) : item;
      return z
        .array(checked, { error: (iss) => `expected a list of ${lengths} numbers, got ${show(iss.input)}` })
        .refine((v) => spec.lengths.includes(v.length), { error: (iss) => `expected a list of ${lengths} numbers, got ${show(iss.input)}` })
        .default([...spec.default])
        .describe(spec.description);
    }
  }
}

/** What JSON Schema cannot say about a range (the parser checks it). */
export const RANGE_ORDER_NOTE = 'min <= max (JSON Schema cannot compare the two; the parser checks it)';

/** The JSON Schema (draft 2020-12) of one parameter: the same bounds as paramSchema. */
export function paramJsonSchema(spec: ParamSpec): Record<string, unknown> {
  const numeric = (s: { min: number; max: number; integer?: boolean }) => ({ type: s.integer ? 'integer' : 'number', minimum: s.min, maximum: s.max });
  const base = { description: spec.description, default: Array.isArray(spec.default) ? [...spec.default] : spec.default };
  switch (spec.kind) {
    case 'number':
      return { ...numeric(spec), ...base };
    case 'range':
      return {
        type: 'array',
        prefixItems: [numeric(spec), numeric(spec)],
        items: false,
        minItems: 2,
        maxItems: 2,
        ...base,
        description: `${spec.description}. [min, max] with ${RANGE_ORDER_NOTE}`,
      };
    case 'choice':
      return { type: 'string', enum: [...spec.options], ...base };
    case 'boolean':
      return { type: 'boolean', ...base };
    case 'vector':
      return {
        type: 'array',
        items: { type: 'number', ...(spec.exclusiveMin ? { exclusiveMinimum: spec.min } : { minimum: spec.min }), maximum: spec.max },
        anyOf: spec.lengths.map((n) => ({ minItems: n, maxItems: n })),
        ...base,
      };
  }
}

/** The zod schema of an op's whole parameter object; unknown keys are refused. */
export function paramsSchema(specs: ParamSpecs): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(specs)) shape[name] = paramSchema(spec);
  return z.strictObject(shape);
}

/** Default value of every parameter. */
export function defaultParams<P extends ParamSpecs>(specs: P): ParamsOf<P> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const d = spec.default;
    out[name] = Array.isArray(d) ? [...d] : d;
  }
  return out as ParamsOf<P>;
}
