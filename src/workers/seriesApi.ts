// The series batch worker's API (its type is `typeof` this object, as api.ts for images): it holds
// the working copies of the series dataset (sent once per dataset generation) and makes a batch of
// pipeline outputs per call, packed into one buffer that travels back by transfer.
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { runSeriesPipeline } from '../pipeline/series/run.js';

export interface SeriesBatchRequest {
  generation: number;
  pipeline: Pipeline;
  mode: 'train' | 'inference';
  epoch: number;
  sampleIndices: Int32Array;
  /** Floats per output sample (length x channels after the pipeline). */
  sampleSize: number;
}

export function createSeriesWorkerApi() {
  let held: { generation: number; length: number; channels: number; values: Float32Array } | null = null;
  return {
    setSeries(generation: number, length: number, channels: number, values: Float32Array): void {
      held = { generation, length, channels, values };
    },
    batch(request: SeriesBatchRequest): { x: Float32Array; sampleIndices: Int32Array } {
      if (!held || held.generation !== request.generation) throw new Error(`series worker holds dataset generation ${held?.generation ?? 'none'}, asked for ${request.generation}`);
      const { length, channels, values } = held;
      const n = length * channels;
      const x = new Float32Array(request.sampleIndices.length * request.sampleSize);
      request.sampleIndices.forEach((index, i) => {
        const out = runSeriesPipeline(request.pipeline, { length, channels, data: values.subarray(index * n, (index + 1) * n) }, { epoch: request.epoch, index, mode: request.mode });
        if (out.data.length !== request.sampleSize) throw new Error(`series ${index}: the pipeline made ${out.data.length} values, the batch expects ${request.sampleSize}`);
        x.set(out.data, i * request.sampleSize);
      });
      return { x, sampleIndices: request.sampleIndices };
    },
  };
}

export type SeriesWorkerApi = ReturnType<typeof createSeriesWorkerApi>;
