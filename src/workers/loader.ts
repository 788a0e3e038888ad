// The batch loader: an ordered async iterator over an epoch's batches, with K batches in flight on
// the worker pool, measuring how long the consumer waited for each. Implements BatchSource.

import { outputShape, Rng, sampleSeed, type Mode, type Pipeline } from '../pipeline/index.js';
import { CHANNELS, shuffleInPlace } from '../data/dataset.js';
import type { WorkerApi } from './api.js';
import type { WorkerPool } from './pool.js';
import { checkBatchSize, sampleShapeOf, type Batch, type BatchSource, type SampleShape } from './types.js';

/** A tag mixed into the epoch shuffle's seed so it never shares a stream with a sample's draws. */
const SHUFFLE_STREAM = 0x53485546;

/** The order of `indices` in `epoch`: a shuffle seeded by (seed, epoch) only. */
export function epochOrder(indices: Int32Array, seed: number, epoch: number): Int32Array {
  return shuffleInPlace(Int32Array.from(indices), new Rng(sampleSeed(seed, epoch, SHUFFLE_STREAM)));
}

export interface LoaderOptions {
  pipeline: Pipeline;
  /** The dataset generation the pool's workers hold (see DataEngine.setDataset). */
  generation: number;
  sizePx: number;
  numClasses: number;
  train: Int32Array;
  validation: Int32Array;
  /** Batches requested ahead of the consumer; default: pool size + 1, so every worker stays busy. */
  prefetch?: number;
  /** Segmentation: every batch carries the samples' masks, moved with the images. */
  withMasks?: boolean;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The loader core every batch source shares: batches 0..total-1 in order, with `depth` requested
 * ahead (at least 1), each yielded with the time the consumer waited for it (0 when it was ready).
 * `request(b, stop)` starts batch b; `stop` aborts when the consumer breaks out, fails or `signal`
 * aborts. Then queued batches are dropped at once; a batch already running finishes on its worker
 * (a job is not interruptible) and its buffers are simply dropped: the generator returns after all
 * have settled, so nothing is left running behind it.
 */
export async function* orderedBatches<P>(total: number, depth: number, request: (b: number, stop: AbortSignal) => Promise<P>, signal?: AbortSignal): AsyncGenerator<{ index: number; payload: P; waitMs: number }> {
  const ahead = Math.max(1, depth);
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const inFlight = new Map<number, { promise: Promise<P>; ready: boolean }>();
  let requested = 0;
  const start = (b: number) => {
    const promise = request(b, stop.signal);
    const entry = { promise, ready: false };
    promise.then(
      () => (entry.ready = true),
      () => {}, // seen when the consumer reaches this batch; here only to avoid an unhandled rejection
    );
    inFlight.set(b, entry);
  };
  try {
    for (let b = 0; b < total; b++) {
      signal?.throwIfAborted();
      while (requested < total && requested < b + ahead) start(requested++);
      const entry = inFlight.get(b)!;
      const asked = now();
      const wasReady = entry.ready;
      const payload = await entry.promise;
      inFlight.delete(b);
      yield { index: b, payload, waitMs: wasReady ? 0 : now() - asked };
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop.abort();
    await Promise.allSettled([...inFlight.values()].map((e) => e.promise));
  }
}

export class PoolBatchSource implements BatchSource {
  readonly sampleShape: SampleShape;
  readonly numClasses: number;
  readonly segmentation: boolean;

  constructor(
    private readonly pool: WorkerPool<WorkerApi>,
    private readonly options: LoaderOptions,
  ) {
    const shape = outputShape(options.pipeline, { width: options.sizePx, height: options.sizePx, channels: CHANNELS }, 'train');
    this.sampleShape = sampleShapeOf(shape, options.pipeline.output.layout);
    this.numClasses = options.numClasses;
    this.segmentation = options.withMasks === true;
  }

  trainBatches(batchSize: number): number {
    return Math.ceil(this.options.train.length / checkBatchSize(batchSize));
  }

  train(epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    const order = epochOrder(this.options.train, this.options.pipeline.seed, epoch);
    return this.iterate(order, epoch, checkBatchSize(batchSize), 'train', signal);
  }

  validation(batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    const shape = outputShape(this.options.pipeline, { width: this.options.sizePx, height: this.options.sizePx, channels: CHANNELS }, 'inference');
    const [a, b, c] = sampleShapeOf(shape, this.options.pipeline.output.layout);
    if (a !== this.sampleShape[0] || b !== this.sampleShape[1] || c !== this.sampleShape[2]) {
      throw new Error(
        `validation samples would be ${a}x${b}x${c} but training samples are ${this.sampleShape.join('x')}: give the preprocess steps a resize or crop to one size`,
      );
    }
    return this.iterate(this.options.validation, 0, checkBatchSize(batchSize), 'inference', signal);
  }

  private async *iterate(order: Int32Array, epoch: number, batchSize: number, mode: Mode, signal?: AbortSignal): AsyncGenerator<Batch> {
    const { pipeline, generation, withMasks } = this.options;
    const request = (b: number, stop: AbortSignal) => {
      const sampleIndices = order.slice(b * batchSize, Math.min(order.length, (b + 1) * batchSize));
      return this.pool.run((api) => api.batch({ generation, pipeline, mode, epoch, sampleIndices, numClasses: this.numClasses, ...(withMasks ? { withMasks: true } : {}) }), stop);
    };
    for await (const { index, payload, waitMs } of orderedBatches(Math.ceil(order.length / batchSize), this.options.prefetch ?? this.pool.size + 1, request, signal)) {
      const batch: Batch = { epoch, index, size: payload.y.length, x: payload.x, y: payload.y, sampleIndices: payload.sampleIndices, waitMs };
      if (payload.yProb) batch.yProb = payload.yProb;
      if (payload.masks) batch.masks = payload.masks;
      yield batch;
    }
  }
}
