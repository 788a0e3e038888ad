// A segmentation run through the app's own Trainer (the loop, the schedule, validation, events):
// batches carry masks, the Small U-Net learns a trivial mask on the CPU backend, and the
// evaluation reports per-class IoU and a gallery of predictions worst first.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS } from './types.js';
import { buildUNet } from './unet.js';
import { MaskSource, rectangles, SIZE } from './segmentationTesting.js';

const immediately = (callback: () => void) => callback();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('segmentation through the trainer', () => {
  it('trains the Small U-Net on masks and reports per-class IoU and a worst-first gallery', async () => {
    const data = rectangles(16);
    const source = new MaskSource(data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15]);
    const model = buildUNet(tf, { sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 2, seed: 2, widthMultiplier: 0.25 });
    const trainer = new Trainer(tf, model, source, { ...DEFAULT_SETTINGS, batchSize: 4, learningRate: 0.02, epochs: 12, labelSmoothing: 0, patience: 0, diceWeight: 0.5 }, { scheduler: immediately, galleryCount: 3 });
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
