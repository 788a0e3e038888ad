// The published JSON Schema knows series pipelines: what the parser accepts it accepts, and an
// image op in a series pipeline (or a series op in an image one) is refused by both.

import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePipeline, pipelineJsonSchema, PIPELINE_FORMAT, PIPELINE_VERSION } from '../index.js';
import { seriesPipelineArb } from './arbitraries.js';

const validate = new Ajv2020({ strict: true }).compile(pipelineJsonSchema());

describe('JSON Schema of series pipelines', () => {
  it('accepts every series pipeline the parser accepts', () => {
    fc.assert(
      fc.property(seriesPipelineArb(), (doc) => {
        parsePipeline(doc);
        expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('refuses ops of the other modality, as the parser does', () => {
    const series = { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, modality: 'series', steps: [{ op: 'rotate' }] };
    const image = { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, steps: [{ op: 'timeWarp' }] };
    for (const doc of [series, image]) {
      expect(validate(doc)).toBe(false);
      expect(() => parsePipeline(doc)).toThrow(/unknown/);
    }
  });
});
