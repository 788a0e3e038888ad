// A BatchSource over images with an explicit split (the data panel's stratified split), running
// the pipeline per sample like the worker pool does: augmented for training, preprocess only for
// validation. The benchmark's stand-in for the page's loader, in Node.
import { outputShape, Rng, runPipeline, type ImageU8, type Pipeline } from '../../src/pipeline/index.js';
import type { Batch, BatchSource, SampleShape } from '../../src/workers/types.js';

export class SplitSource implements BatchSource {
  readonly sampleShape: SampleShape;
  private readonly sampleSize: number;

  constructor(
    private readonly images: readonly ImageU8[],
    private readonly labels: Int32Array,
    private readonly pipeline: Pipeline,
    readonly numClasses: number,
    readonly trainIndices: readonly number[],
    readonly validationIndices: readonly number[],
  ) {
    const shape = outputShape(pipeline, images[0]!, 'inference');
    this.sampleShape = pipeline.output.layout === 'NCHW' ? [shape.channels, shape.height, shape.width] : [shape.height, shape.width, shape.channels];
    this.sampleSize = this.sampleShape.reduce((a, b) => a * b, 1);
  }

  trainBatches(batchSize: number): number {
    return Math.ceil(this.trainIndices.length / batchSize);
  }

  train(epoch: number, batchSize: number): AsyncIterable<Batch> {
    const order = [...this.trainIndices];
    const rng = new Rng((this.pipeline.seed + Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return this.batches(order, epoch, 'train', batchSize);
  }

  validation(batchSize: number): AsyncIterable<Batch> {
    return this.batches(this.validationIndices, 0, 'inference', batchSize);
  }

  private async *batches(order: readonly number[], epoch: number, mode: 'train' | 'inference', batchSize: number): AsyncGenerator<Batch> {
    for (let start = 0, index = 0; start < order.length; start += batchSize, index++) {
      const ids = order.slice(start, start + batchSize);
      const x = new Float32Array(ids.length * this.sampleSize);
      ids.forEach((id, i) => x.set(runPipeline(this.pipeline, this.images[id]!, { epoch, index: id, mode }).data, i * this.sampleSize));
      yield { epoch, index, size: ids.length, x, y: Int32Array.from(ids, (id) => this.labels[id]!), sampleIndices: Int32Array.from(ids), waitMs: 0 };
    }
  }
}
