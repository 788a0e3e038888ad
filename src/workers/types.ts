// The contract between the data side (worker pool, batch loader) and its consumers (the trainer,
// the preview, the benchmarks). Plain data: no Comlink, no tfjs.

/** One training or validation batch, packed by a worker into one transferable buffer per array. */
export interface Batch {
  /** Which epoch and which batch of it (0-based). */
  epoch: number;
  index: number;
  /** Number of samples in this batch (the last batch of an epoch may be short). */
  size: number;
  /** Pixels, float32, [size, ...sampleShape] in the pipeline's output layout. */
  x: Float32Array;
  /** Class index per sample, int32. */
  y: Int32Array;
  /**
   * Soft targets [size, numClasses] when the pipeline has batch steps (mixUp, cutMix) and the batch
   * is for training: each row λ·onehot(y) + (1 − λ)·onehot(partner's y). Absent: one-hot of y.
   */
  yProb?: Float32Array;
  /** Segmentation: class index per pixel, uint8 [size, height, width] of the output (IGNORE_INDEX = no label). */
  masks?: Uint8Array;
  /** Dataset indices of the samples, in order (for evaluation galleries and tests). */
  sampleIndices: Int32Array;
  /** Milliseconds the consumer waited for this batch after asking for it (0 when prefetched in time). */
  waitMs: number;
}

/** Shape of one sample after the pipeline: [height, width, channels] for NHWC, [channels, height, width] for NCHW. */
export type SampleShape = readonly [number, number, number];

/**
 * What the trainer consumes. The worker pool's loader implements it; tests and benchmarks use
 * an in-memory one. Iteration is ordered; breaking out of it (or aborting) cancels prefetching.
 */
export interface BatchSource {
  readonly sampleShape: SampleShape;
  readonly numClasses: number;
  /** Segmentation: batches carry masks and numClasses counts mask classes. */
  readonly segmentation?: boolean;
  /** Number of batches of an epoch of the training split. */
  trainBatches(batchSize: number): number;
  /** Training batches of `epoch`: shuffled by (seed, epoch), augmented (mode 'train'). */
  train(epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch>;
  /** Validation batches: fixed order, preprocess steps only (mode 'inference'). */
  validation(batchSize: number, signal?: AbortSignal): AsyncIterable<Batch>;
}

/** The sample shape of an image of `shape` in `layout`: the one place the layout's axis order is written. */
export function sampleShapeOf(shape: { width: number; height: number; channels: number }, layout: 'NHWC' | 'NCHW'): SampleShape {
  return layout === 'NCHW' ? [shape.channels, shape.height, shape.width] : [shape.height, shape.width, shape.channels];
}

/** The inverse of sampleShapeOf: width, height and channels of a sample shape in `layout`. */
export function imageShapeOf(sampleShape: SampleShape, layout: 'NHWC' | 'NCHW'): { width: number; height: number; channels: number } {
  const [a, b, c] = sampleShape;
  return layout === 'NCHW' ? { channels: a, height: b, width: c } : { height: a, width: b, channels: c };
}

/** The batch size, checked: the one statement of the rule, for every BatchSource and the trainer. */
export function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Batch size must be a whole number of at least 1, got ${batchSize}.`);
  return batchSize;
}
