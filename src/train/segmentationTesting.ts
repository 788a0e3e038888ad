// Fixtures for segmentation tests: bright rectangles whose masks say where they are, as a
// BatchSource whose batches carry masks (what the worker pool's loader gives with withMasks).
import { IGNORE_INDEX } from '../pipeline/index.js';
import type { Batch, BatchSource, SampleShape } from '../workers/types.js';

export const SIZE = 8;

/** Bright rectangles on dark noise; the mask says where (class 1); one sample's corner is unlabelled. */
export function rectangles(count: number) {
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

export class MaskSource implements BatchSource {
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
