// The JSON Schema of the current pipeline version (draft 2020-12; version 1's stays published, frozen), from the same parameter specs and rules
// as the parser. Rules JSON Schema cannot state are listed in its description (and in README.md).

import { paramJsonSchema } from '../params.js';
import { listOps } from '../registry.js';
import { MAX_STEPS, RULES_BEYOND_JSON_SCHEMA, stepAlwaysRuns } from '../rules.js';
import type { AnyOp } from '../op.js';
import { GROUP_KINDS, type GroupKind } from '../groups.js';
import { BATCH_OP_INFO, BATCH_OPS } from '../batchMix.js';
import type { AnySeriesOp } from '../series/op.js';
import { listSeriesOps } from '../series/registry.js';
import { LAYOUTS, MAX_NAME_CHARS, MODALITIES, MAX_SEED, PIPELINE_FORMAT, PIPELINE_VERSION } from './pipeline.js';

function stepSchema(op: AnyOp | AnySeriesOp): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(op.params)) params[name] = paramJsonSchema(spec);
  return {
    type: 'object',
    description: `${op.label}: ${op.description}`,
    properties: {
      op: { const: op.name },
      stage: { const: op.stage },
      p: op.stage === 'preprocess' || ('appliesToMask' in op && stepAlwaysRuns(op))
        ? { const: 1, description: op.stage === 'preprocess' ? 'Preprocess steps always run' : 'Sets the output size, so it runs for every sample' }
        : { type: 'number', minimum: 0, maximum: 1, default: op.defaultP, description: 'Probability that the step runs for a sample' },
      enabled: { type: 'boolean', default: true },
      params: { type: 'object', properties: params, additionalProperties: false },
    },
    required: ['op'],
    additionalProperties: false,
  };
}

const GROUP_DESCRIPTIONS: Record<GroupKind, string> = {
  oneOf: 'Runs one of its children, picked with the weights (equal when absent)',
  someOf: 'Runs n of its children (or a number in the range [min, max]), drawn without replacement, in step order unless keepOrder is false',
  sequence: 'Runs all its children in order, with its own probability',
};

function groupSchema(kind: GroupKind): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    kind: { const: kind },
    first: { type: 'integer', minimum: 0, description: 'Index of the first step the group covers' },
    count: { type: 'integer', minimum: 1, description: 'How many consecutive steps it covers' },
    p: { type: 'number', minimum: 0, maximum: 1, default: 1, description: 'Probability that the group runs for a sample' },
    enabled: { type: 'boolean', default: true },
  };
  if (kind === 'oneOf') properties.weights = { type: 'array', items: { type: 'number', minimum: 0 }, contains: { type: 'number', exclusiveMinimum: 0 }, description: 'One weight per child' };
  if (kind === 'someOf') {
    properties.n = {
      default: 1,
      oneOf: [
        { type: 'integer', minimum: 0 },
        { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
      ],
    };
    properties.keepOrder = { type: 'boolean', default: true };
  }
  return { type: 'object', description: GROUP_DESCRIPTIONS[kind], properties, required: ['kind', 'first', 'count'], additionalProperties: false };
}

export function pipelineJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `/schema/pipeline.v${PIPELINE_VERSION}.json`,
    title: `augplay pipeline, version ${PIPELINE_VERSION}`,
    description: `An augplay augmentation pipeline. The app's parser also checks what JSON Schema cannot state: ${RULES_BEYOND_JSON_SCHEMA.map((r) => `(${RULES_BEYOND_JSON_SCHEMA.indexOf(r) + 1}) ${r}`).join('; ')}.`,
    type: 'object',
    properties: {
      format: { const: PIPELINE_FORMAT },
      version: { const: PIPELINE_VERSION },
      name: { type: 'string', maxLength: MAX_NAME_CHARS },
      modality: { enum: [...MODALITIES], default: 'image' },
      seed: { type: 'integer', minimum: 0, maximum: MAX_SEED, default: 0 },
      steps: { type: 'array', maxItems: MAX_STEPS },
      groups: { type: 'array', maxItems: MAX_STEPS, description: 'Groups of consecutive steps (image pipelines); they nest by covering steps inside steps', items: { oneOf: GROUP_KINDS.map(groupSchema) } },
      batch: {
        type: 'array',
        maxItems: BATCH_OPS.length,
        description: 'Batch-level steps, run on each training batch after its samples went through the steps; the labels become soft targets',
        items: {
          oneOf: BATCH_OPS.map((op) => ({
            type: 'object',
            description: `${BATCH_OP_INFO[op].label}: ${BATCH_OP_INFO[op].description}`,
            properties: {
              op: { const: op },
              alpha: { type: 'number', exclusiveMinimum: 0, maximum: 100, default: BATCH_OP_INFO[op].defaultAlpha, description: 'λ ~ Beta(alpha, alpha)' },
              p: { type: 'number', minimum: 0, maximum: 1, default: 1, description: 'Probability that a batch is mixed' },
              enabled: { type: 'boolean', default: true },
            },
            required: ['op'],
            additionalProperties: false,
          })),
        },
      },
      targets: {
        description: 'What the pipeline was built for: the image alone (the default), or the image and its segmentation mask (geometric steps move the mask with nearest sampling, cut-out may mark it)',
        oneOf: [
          { type: 'array', prefixItems: [{ const: 'image' }], items: false, minItems: 1 },
          { type: 'array', prefixItems: [{ const: 'image' }, { const: 'mask' }], items: false, minItems: 2 },
        ],
      },
      output: {
        type: 'object',
        properties: { layout: { enum: [...LAYOUTS], default: 'NHWC' }, dtype: { const: 'float32', default: 'float32' } },
        additionalProperties: false,
      },
    },
    required: ['format', 'version', 'steps'],
    // Image steps unless modality is "series": then the time-series ops.
    if: { properties: { modality: { const: 'series' } }, required: ['modality'] },
    then: { properties: { steps: { type: 'array', items: { anyOf: listSeriesOps().map(stepSchema) } } } },
    else: { properties: { steps: { type: 'array', items: { anyOf: listOps().map(stepSchema) } } } },
    additionalProperties: false,
  };
}
