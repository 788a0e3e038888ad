// An in-memory BatchSource: the trainer's data until the worker pool's loader is plugged in, and
// what unit tests and benchmarks use. Samples are rendered on demand per batch (so augmentation
// differs per epoch), on the calling thread, yielding to the event loop between batches.
import { Rng, runPipeline, outputShape, type ImageU8, type Pipeline } from '../pipeline/index.js';
import type { Batch, BatchSource, SampleShape } from '../workers/types.js';

/** Writes sample `index` for `epoch` into `out` at `offset` (sampleSize floats). */
export type RenderSample = (index: number, epoch: number, mode: 'train' | 'inference', out: Float32Array, offset: number) => void;

export interface MemorySourceOptions {
  sampleShape: SampleShape;
  numClasses: number;
  /** Class index of every sample; its length is the dataset size. */
  labels: ArrayLike<number>;
  render: RenderSample;
  /** Share of samples held out for validation (a fixed, seeded split). */
  validationFraction: number;
  seed: number;
}

function shuffled(values: readonly number[], seed: number): number[] {
  const out = [...values];
  const rng = new Rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Seed offset that keeps each epoch's shuffle apart from the split's (a large odd constant). */
const EPOCH_SEED_STRIDE = 0x9e3779b1;

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
  /** Dataset indices of the training and validation splits. */
  readonly trainIndices: readonly number[];
  readonly validationIndices: readonly number[];
  private readonly sampleSize: number;

  constructor(private readonly options: MemorySourceOptions) {
    const { labels, numClasses, validationFraction, seed } = options;
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new Error(`Validation fraction must be in [0, 1), got ${validationFraction}.`);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= numClasses) throw new Error(`Sample ${i} has label ${label}; expected a class index in 0..${numClasses - 1}.`);
    }
    this.sampleShape = options.sampleShape;
    this.numClasses = numClasses;
    this.sampleSize = options.sampleShape.reduce((a, b) => a * b, 1);
    const all = shuffled(
      Array.from({ length: labels.length }, (_, i) => i),
      seed,
    );
    // At least one validation sample when asked for any and there is more than one sample.
    const validationCount = validationFraction > 0 && labels.length > 1 ? Math.max(1, Math.round(labels.length * validationFraction)) : 0;
    this.validationIndices = all.slice(0, validationCount).sort((a, b) => a - b);
    this.trainIndices = all.slice(validationCount);
    if (this.trainIndices.length === 0) throw new Error('No training samples left after the validation split: add samples or lower the validation fraction.');
  }

  trainBatches(batchSize: number): number {
    return Math.ceil(this.trainIndices.length / batchSize);
  }

  train(epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    const order = shuffled(this.trainIndices, (this.options.seed + Math.imul(epoch + 1, EPOCH_SEED_STRIDE)) >>> 0);
    return this.batches(order, epoch, 'train', batchSize, signal);
  }

  validation(batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    return this.batches(this.validationIndices, 0, 'inference', batchSize, signal);
  }

  private async *batches(order: readonly number[], epoch: number, mode: 'train' | 'inference', batchSize: number, signal?: AbortSignal): AsyncGenerator<Batch> {
    const { labels, render } = this.options;
    for (let start = 0, index = 0; start < order.length; start += batchSize, index++) {
      if (signal?.aborted) return;
      const startedAt = performance.now();
      const ids = order.slice(start, start + batchSize);
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
    ...options,
    render: (index, _epoch, _mode, out, offset) => out.set(x.subarray(index * size, (index + 1) * size), offset),
  });
}

/** The pipeline's sample shape for images of `input` size, in its output layout. */
export function pipelineSampleShape(pipeline: Pipeline, input: { width: number; height: number; channels: number }): SampleShape {
  const shape = outputShape(pipeline, input, 'train');
  const inference = outputShape(pipeline, input, 'inference');
  if (shape.width !== inference.width || shape.height !== inference.height || shape.channels !== inference.channels) {
    throw new Error(
      `The pipeline gives ${shape.width}x${shape.height}x${shape.channels} when training but ${inference.width}x${inference.height}x${inference.channels} at inference: ` +
        'a model needs one input size, so give augment steps that change the size a preprocess resize or crop after them.',
    );
  }
  return pipeline.output.layout === 'NCHW' ? [shape.channels, shape.height, shape.width] : [shape.height, shape.width, shape.channels];
}

/** A source that runs `pipeline` on 8-bit images per batch: augmented for training, preprocess only for validation. */
export function pipelineSource(images: readonly ImageU8[], labels: ArrayLike<number>, pipeline: Pipeline, numClasses: number, options: { validationFraction: number; seed: number }): MemoryBatchSource {
  const first = images[0];
  if (!first) throw new Error('The dataset is empty: add images to train on.');
  const sampleShape = pipelineSampleShape(pipeline, first);
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  return new MemoryBatchSource({
    sampleShape,
    numClasses,
    labels,
    ...options,
    render: (index, epoch, mode, out, offset) => {
      const image = images[index]!;
      const result = runPipeline(pipeline, image, { epoch, index, mode });
      if (result.data.length !== sampleSize) {
        throw new Error(`Sample ${index} is ${image.width}x${image.height} and gives ${result.width}x${result.height}x${result.channels} after the pipeline, not [${sampleShape.join(', ')}]: add a resize step so every image has one size.`);
      }
      out.set(result.data, offset);
    },
  });
}
