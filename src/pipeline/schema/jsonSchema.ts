// The JSON Schema of pipeline version 1 (draft 2020-12), from the same parameter specs and rules
// as the parser. Rules JSON Schema cannot state are listed in its description (and in README.md).

import { paramJsonSchema } from '../params.js';
import { listOps } from '../registry.js';
import { MAX_STEPS, RULES_BEYOND_JSON_SCHEMA, stepAlwaysRuns } from '../rules.js';
import type { AnyOp } from '../op.js';
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
