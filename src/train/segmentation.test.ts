// Segmentation loss and metrics with known answers, and the Small U-Net learning a trivial mask on
// the CPU backend (a few seconds).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IGNORE_INDEX } from '../pipeline/index.js';
import { confusionOf, metricsFromConfusion, segmentationLoss } from './segmentation.js';
import { buildUNet, unetDepth } from './unet.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('IoU, mean IoU and pixel accuracy', () => {
  it('known answers from a confusion matrix', () => {
    // Row = truth: class 0 has 3 right and 1 taken for class 1; class 1 has 4 right and 2 taken for class 0.
    const m = metricsFromConfusion([3, 1, 2, 4], 2);
    expect(m.iou[0]).toBeCloseTo(3 / 6, 12);
    expect(m.iou[1]).toBeCloseTo(4 / 7, 12);
    expect(m.meanIou).toBeCloseTo((3 / 6 + 4 / 7) / 2, 12);
    expect(m.pixelAccuracy).toBeCloseTo(7 / 10, 12);
    expect(m.pixels).toBe(10);
  });

  it('a class neither present nor predicted has no IoU and does not pull the mean down', () => {
    const m = metricsFromConfusion([5, 0, 0, 0, 5, 0, 0, 0, 0], 3);
    expect(m.iou).toEqual([1, 1, null]);
    expect(m.meanIou).toBe(1);
  });

  it('counts only labelled pixels, from logits and masks', async () => {
    // 1 x 2 x 2 image, 2 classes: predictions 0, 1, 1, 0; truth 0, 1, 0, ignored.
    const logits = tf.tensor4d([5, 0, 0, 5, 0, 5, 5, 0], [1, 2, 2, 2]);
    const masks = tf.tensor3d([0, 1, 0, IGNORE_INDEX], [1, 2, 2], 'int32');
    const confusion = await confusionOf(tf, logits, masks).data();
    expect(Array.from(confusion)).toEqual([1, 1, 0, 1]);
  });
});

describe('segmentation loss', () => {
  it('is the mean softmax cross-entropy over labelled pixels; ignored pixels do not count', async () => {
    const logits = tf.tensor4d([1, 2, 0.5, -1, 3, 0, 2, 2], [1, 2, 2, 2]);
    const masks = tf.tensor3d([1, 0, IGNORE_INDEX, 1], [1, 2, 2], 'int32');
    const expected = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([1, 0, 1], 'int32'), 2), tf.tensor2d([1, 2, 0.5, -1, 2, 2], [3, 2]));
    const [want] = await expected.data();
    expect((await segmentationLoss(tf, logits, masks).data())[0]).toBeCloseTo(want!, 6);
    const changedAtIgnored = tf.tensor4d([1, 2, 0.5, -1, -9, 9, 2, 2], [1, 2, 2, 2]);
    expect((await segmentationLoss(tf, changedAtIgnored, masks).data())[0]).toBeCloseTo(want!, 6);
  });

  it('with Dice: near zero for a confident right answer, higher for a wrong one', async () => {
    const masks = tf.tensor3d([0, 1, 1, 0], [1, 2, 2], 'int32');
    const right = tf.tensor4d([20, 0, 0, 20, 0, 20, 20, 0], [1, 2, 2, 2]);
    const wrong = tf.tensor4d([0, 20, 20, 0, 20, 0, 0, 20], [1, 2, 2, 2]);
    const [r] = await segmentationLoss(tf, right, masks, { diceWeight: 1 }).data();
    const [w] = await segmentationLoss(tf, wrong, masks, { diceWeight: 1 }).data();
    expect(r).toBeLessThan(1e-3);
    expect(w).toBeGreaterThan(10);
  });
});

describe('Small U-Net', () => {
  it('gives per-pixel logits of the input size, in either layout, at sizes that cannot pool', () => {
    expect([unetDepth(64, 64), unetDepth(16, 16), unetDepth(12, 20), unetDepth(7, 9)]).toEqual([3, 2, 1, 0]);
    for (const [shape, layout] of [[[16, 16, 3], 'NHWC'], [[3, 12, 20], 'NCHW'], [[7, 9, 1], 'NHWC']] as const) {
      const model = buildUNet(tf, { sampleShape: shape, layout, numClasses: 5, seed: 1, widthMultiplier: 0.25 });
      const [h, w] = layout === 'NCHW' ? [shape[1], shape[2]] : [shape[0], shape[1]];
      expect(model.outputs[0]!.shape).toEqual([null, h, w, 5]);
      model.dispose();
    }
  });

  it('learns a trivial mask (bright pixels are class 1) on the CPU backend', async () => {
    const SIZE = 8;
    const N = 8;
    let state = 7;
    const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
    const x = new Float32Array(N * SIZE * SIZE * 3);
    const y = new Int32Array(N * SIZE * SIZE);
    for (let n = 0; n < N; n++) {
      // A bright rectangle on a dark, noisy background.
      const [top, left, h, w] = [Math.floor(rand() * 4), Math.floor(rand() * 4), 2 + Math.floor(rand() * 3), 2 + Math.floor(rand() * 3)];
      for (let p = 0; p < SIZE * SIZE; p++) {
        const [yy, xx] = [Math.floor(p / SIZE), p % SIZE];
        const inside = yy >= top && yy < top + h && xx >= left && xx < left + w;
        y[n * SIZE * SIZE + p] = inside ? 1 : 0;
        for (let c = 0; c < 3; c++) x[(n * SIZE * SIZE + p) * 3 + c] = (inside ? 0.7 : 0) + rand() * 0.3;
      }
    }
    const xs = tf.tensor4d(x, [N, SIZE, SIZE, 3]);
    const ys = tf.tensor3d(y, [N, SIZE, SIZE], 'int32');
    const model = buildUNet(tf, { sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 2, seed: 3, widthMultiplier: 0.25 });
    const optimizer = tf.train.adam(0.02);
    const iouOf = async () => {
      const logits = model.predict(xs) as tf.Tensor4D;
      const confusion = confusionOf(tf, logits, ys);
      const m = metricsFromConfusion(await confusion.data(), 2);
      tf.dispose([logits, confusion]);
      return m;
    };
    const before = await iouOf();
    for (let step = 0; step < 40; step++) {
      const loss = optimizer.minimize(() => segmentationLoss(tf, model.apply(xs, { training: true }) as tf.Tensor4D, ys, { diceWeight: 0.5 }), true);
      loss?.dispose();
    }
    const after = await iouOf();
    expect(after.iou[1]!).toBeGreaterThan(0.9);
    expect(after.iou[1]!).toBeGreaterThan(before.iou[1] ?? 0);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  }, 60_000);
});
