// An in-memory BatchSource for unit tests and benchmarks: samples rendered on demand per batch, on
// the calling thread, yielding to the event loop between batches. The split and the epoch order
// are the app's own (data/dataset.ts stratifiedSplit, workers/loader.ts epochOrder), so a test sees
// the batches the worker pool would make from the same seeds.
import { stratifiedSplit } from '../data/dataset.js';
import { epochOrder } from '../workers/loader.js';
import { checkBatchSize, type Batch, type BatchSource, type SampleShape } from '../workers/types.js';

/** Writes sample `index` for `epoch` into `out` at `offset` (sampleSize floats). */
export type RenderSample = (index: number, epoch: number, mode: 'train' | 'inference', out: Float32Array, offset: number) => void;

export interface MemorySourceOptions {
  sampleShape: SampleShape;
  numClasses: number;
  /** Class index of every sample; its length is the dataset size. */
  labels: ArrayLike<number>;
  render: RenderSample;
  /** Share of every class held out for validation (a stratified split). */
  validationFraction: number;
  /** Seeds the split; the epoch order uses `shuffleSeed` (the pipeline's seed in the app), default the same. */
  splitSeed: number;
  shuffleSeed?: number;
}

/**
 * A macrotask break that browsers do not throttle in hidden tabs (unlike setTimeout, clamped to
 * 1 s there), so rendering and input get a turn without slowing training in the background.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class MemoryBatchSource implements BatchSource {
  readonly sampleShape: SampleShape;
  readonly numClasses: number;
  /** Dataset indices of the training and validation splits, ascending. */
  readonly trainIndices: Int32Array;
  readonly validationIndices: Int32Array;
  private readonly sampleSize: number;

  constructor(private readonly options: MemorySourceOptions) {
    const { labels, numClasses, validationFraction, splitSeed } = options;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= numClasses) throw new Error(`Sample ${i} has label ${label}; expected a class index in 0..${numClasses - 1}.`);
    }
    this.sampleShape = options.sampleShape;
    this.numClasses = numClasses;
    this.sampleSize = options.sampleShape.reduce((a, b) => a * b, 1);
    const split = stratifiedSplit(Int32Array.from(labels), numClasses, validationFraction, splitSeed);
    this.validationIndices = split.validation;
    this.trainIndices = split.train;
    if (this.trainIndices.length === 0) throw new Error('No training samples left after the validation split: add samples or lower the validation fraction.');
  }

  trainBatches(batchSize: number): number {
    return Math.ceil(this.trainIndices.length / checkBatchSize(batchSize));
  }

  train(epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    const order = epochOrder(this.trainIndices, this.options.shuffleSeed ?? this.options.splitSeed, epoch);
    return this.batches(order, epoch, 'train', batchSize, signal);
  }

  validation(batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    return this.batches(this.validationIndices, 0, 'inference', batchSize, signal);
  }

  private async *batches(order: Int32Array, epoch: number, mode: 'train' | 'inference', batchSize: number, signal?: AbortSignal): AsyncGenerator<Batch> {
    const { labels, render } = this.options;
    checkBatchSize(batchSize);
    for (let start = 0, index = 0; start < order.length; start += batchSize, index++) {
      if (signal?.aborted) return;
      const startedAt = performance.now();
      const ids = order.subarray(start, start + batchSize);
      const x = new Float32Array(ids.length * this.sampleSize);
      const y = new Int32Array(ids.length);
      ids.forEach((id, i) => {
        render(id, epoch, mode, x, i * this.sampleSize);
        y[i] = labels[id]!;
      });
      const waitMs = performance.now() - startedAt;
      yield { epoch, index, size: ids.length, x, y, sampleIndices: Int32Array.from(ids), waitMs };
      await yieldToEventLoop();
    }
  }
}

/** A source over samples already in their final form: `x` holds them packed in order. */
export function arraySource(x: Float32Array, labels: ArrayLike<number>, sampleShape: SampleShape, numClasses: number, options: { validationFraction: number; seed: number }): MemoryBatchSource {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  if (x.length !== labels.length * size) throw new Error(`x has ${x.length} values; ${labels.length} samples of [${sampleShape.join(', ')}] need ${labels.length * size}.`);
  return new MemoryBatchSource({
    sampleShape,
    numClasses,
    labels,
    validationFraction: options.validationFraction,
    splitSeed: options.seed,
    render: (index, _epoch, _mode, out, offset) => out.set(x.subarray(index * size, (index + 1) * size), offset),
  });
}
