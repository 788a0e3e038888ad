// Training batches of a time-series dataset from a worker pool: the same split (stratifiedSplit),
// epoch order (epochOrder) and loader core (orderedBatches: K batches in flight, in order, with the
// time the consumer waited for each) as the image source. Implements BatchSource.
import { stratifiedSplit } from '../data/dataset.js';
import type { SeriesDataset } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { seriesOutputShape } from '../pipeline/series/run.js';
import { epochOrder, orderedBatches } from './loader.js';
import type { WorkerPool } from './pool.js';
import type { SeriesWorkerApi } from './seriesApi.js';
import { checkBatchSize, type Batch, type BatchSource, type SampleShape } from './types.js';

let generations = 0;

export interface SeriesPoolOptions {
  validationFraction: number;
  splitSeed: number;
  /** Batches requested ahead of the consumer; default: pool size + 1. */
  prefetch?: number;
}

export class SeriesPoolSource implements BatchSource {
  readonly sampleShape: SampleShape;
  readonly numClasses: number;
  readonly trainIndices: Int32Array;
  readonly validationIndices: Int32Array;
  private readonly sampleSize: number;
  private readonly generation = ++generations;
  private readonly ready: Promise<void>;

  constructor(
    private readonly pool: WorkerPool<SeriesWorkerApi>,
    private readonly dataset: SeriesDataset,
    private readonly pipeline: Pipeline,
    private readonly options: SeriesPoolOptions,
  ) {
    const shape = seriesOutputShape(pipeline, { length: dataset.length, channels: dataset.channels });
    // A series model's sample: 1 x length x channels (train/models1d.ts).
    this.sampleShape = [1, shape.length, shape.channels];
    this.sampleSize = shape.length * shape.channels;
    this.numClasses = dataset.classes.length;
    const split = stratifiedSplit(dataset.labels, this.numClasses, options.validationFraction, options.splitSeed);
    this.trainIndices = split.train;
    this.validationIndices = split.validation;
    if (this.trainIndices.length === 0) throw new Error('No training series left after the validation split: add series or lower the validation fraction.');
    const { generation } = this;
    // Every worker (replacements too) gets the working copies before its first batch.
    this.ready = pool.setInit((api) => api.setSeries(generation, dataset.length, dataset.channels, dataset.values));
  }

  trainBatches(batchSize: number): number {
    return Math.ceil(this.trainIndices.length / checkBatchSize(batchSize));
  }

  train(epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    return this.iterate(epochOrder(this.trainIndices, this.pipeline.seed, epoch), epoch, 'train', checkBatchSize(batchSize), signal);
  }

  validation(batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    return this.iterate(this.validationIndices, 0, 'inference', checkBatchSize(batchSize), signal);
  }

  private async *iterate(order: Int32Array, epoch: number, mode: 'train' | 'inference', batchSize: number, signal?: AbortSignal): AsyncGenerator<Batch> {
    await this.ready;
    const request = (b: number, stop: AbortSignal) => {
      const sampleIndices = order.slice(b * batchSize, Math.min(order.length, (b + 1) * batchSize));
      return this.pool.run((api) => api.batch({ generation: this.generation, pipeline: this.pipeline, mode, epoch, sampleIndices, sampleSize: this.sampleSize }), stop);
    };
    for await (const { index, payload, waitMs } of orderedBatches(Math.ceil(order.length / batchSize), this.options.prefetch ?? this.pool.size + 1, request, signal)) {
      const y = Int32Array.from(payload.sampleIndices, (i) => this.dataset.labels[i]!);
      yield { epoch, index, size: y.length, x: payload.x, y, sampleIndices: payload.sampleIndices, waitMs };
    }
  }
}
