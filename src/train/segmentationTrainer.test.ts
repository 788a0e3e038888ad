// A segmentation run through the app's own Trainer (the loop, the schedule, validation, events):
// batches carry masks, the Small U-Net learns a trivial mask on the CPU backend, and the
// evaluation reports per-class IoU and a gallery of predictions worst first.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IGNORE_INDEX } from '../pipeline/index.js';
import type { Batch, BatchSource, SampleShape } from '../workers/types.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS } from './types.js';
import { buildUNet } from './unet.js';

const SIZE = 8;
const immediately = (callback: () => void) => callback();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Bright rectangles on dark noise; the mask says where (class 1); one sample's corner is unlabelled. */
function rectangles(count: number) {
  let state = 11;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  const n = SIZE * SIZE;
  const x = new Float32Array(count * n * 3);
  const masks = new Uint8Array(count * n);
  for (let s = 0; s < count; s++) {
    const [top, left, h, w] = [Math.floor(rand() * 4), Math.floor(rand() * 4), 2 + Math.floor(rand() * 3), 2 + Math.floor(rand() * 3)];
    for (let p = 0; p < n; p++) {
      const [yy, xx] = [Math.floor(p / SIZE), p % SIZE];
      const inside = yy >= top && yy < top + h && xx >= left && xx < left + w;
      masks[s * n + p] = s === 0 && p < 4 ? IGNORE_INDEX : inside ? 1 : 0;
      for (let c = 0; c < 3; c++) x[(s * n + p) * 3 + c] = (inside ? 0.7 : 0) + rand() * 0.3;
    }
  }
  return { x, masks };
}

class MaskSource implements BatchSource {
  readonly sampleShape: SampleShape = [SIZE, SIZE, 3];
  readonly numClasses = 2;
  readonly segmentation = true;
  constructor(private readonly data: { x: Float32Array; masks: Uint8Array }, private readonly trainIds: number[], private readonly valIds: number[]) {}
  trainBatches(batchSize: number) {
    return Math.ceil(this.trainIds.length / batchSize);
  }
  train(epoch: number, batchSize: number) {
    return this.batches(this.trainIds, epoch, batchSize);
  }
  validation(batchSize: number) {
    return this.batches(this.valIds, 0, batchSize);
  }
  private async *batches(ids: number[], epoch: number, batchSize: number): AsyncGenerator<Batch> {
    const n = SIZE * SIZE;
    for (let start = 0, index = 0; start < ids.length; start += batchSize, index++) {
      const part = ids.slice(start, start + batchSize);
      const x = new Float32Array(part.length * n * 3);
      const masks = new Uint8Array(part.length * n);
      part.forEach((id, i) => {
        x.set(this.data.x.subarray(id * n * 3, (id + 1) * n * 3), i * n * 3);
        masks.set(this.data.masks.subarray(id * n, (id + 1) * n), i * n);
      });
      yield { epoch, index, size: part.length, x, y: new Int32Array(part.length), masks, sampleIndices: Int32Array.from(part), waitMs: 0 };
    }
  }
}

describe('segmentation through the trainer', () => {
  it('trains the Small U-Net on masks and reports per-class IoU and a worst-first gallery', async () => {
    const data = rectangles(16);
    const source = new MaskSource(data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15]);
    const model = buildUNet(tf, { sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 2, seed: 2, widthMultiplier: 0.25 });
    const trainer = new Trainer(tf, model, source, { ...DEFAULT_SETTINGS, batchSize: 4, learningRate: 0.02, epochs: 12, labelSmoothing: 0, patience: 0 }, { scheduler: immediately, diceWeight: 0.5, galleryCount: 3 });
    await trainer.run();
    const last = trainer.history.at(-1)!;
    expect(last.loss).toBeLessThan(trainer.history[0]!.loss);
    expect(last.valAccuracy!).toBeGreaterThan(0.9);
    const evaluation = trainer.lastEvaluation!;
    const seg = evaluation.segmentation!;
    expect(seg.iou[1]!).toBeGreaterThan(0.75);
    expect(seg.meanIou).toBeCloseTo((seg.iou[0]! + seg.iou[1]!) / 2, 12);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4 * SIZE * SIZE);
    expect(seg.worst).toHaveLength(3);
    expect(seg.worst.map((w) => w.pixelAccuracy)).toEqual([...seg.worst.map((w) => w.pixelAccuracy)].sort((a, b) => a - b));
    expect(seg.worst[0]!.predictedMask).toHaveLength(SIZE * SIZE);
    trainer.dispose();
    model.dispose();
  }, 60_000);
});
