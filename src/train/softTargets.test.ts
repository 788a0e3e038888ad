// The trainer takes soft targets (batch steps mixUp / cutMix): cross-entropy on probabilities, with
// known answers, and a batch's yProb used in place of the one-hot of y.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch, BatchSource } from '../workers/types.js';
import { buildModel } from './models.js';
import { quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, type TrainerUpdate } from './types.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('soft-target cross-entropy', () => {
  it('gives the known answers', async () => {
    // softmax([0, ln 3]) = [1/4, 3/4]; targets [1/2, 1/2]: -(ln(1/4) + ln(3/4)) / 2.
    const cases: [number[], number[], number][] = [
      [[0, Math.log(3)], [0.5, 0.5], -(Math.log(0.25) + Math.log(0.75)) / 2],
      [[0, Math.log(3)], [0, 1], -Math.log(0.75)],
      [[1, 1, 1], [0.2, 0.3, 0.5], Math.log(3)],
    ];
    for (const [logits, targets, want] of cases) {
      const loss = tf.losses.softmaxCrossEntropy(tf.tensor2d([targets]), tf.tensor2d([logits]));
      expect((await loss.data())[0]).toBeCloseTo(want, 5);
    }
  });

  it("the trainer's loss follows a batch's yProb, not its y", async () => {
    /** The same batches with y or yProb carrying other labels: (y + 1) mod 4. */
    const relabel = (source: BatchSource, soft: boolean): BatchSource => ({
      sampleShape: source.sampleShape,
      numClasses: source.numClasses,
      trainBatches: (b) => source.trainBatches(b),
      validation: (b, s) => source.validation(b, s),
      async *train(epoch, b, s) {
        for await (const batch of source.train(epoch, b, s)) {
          const other = batch.y.map((v) => (v + 1) % 4);
          const out: Batch = { ...batch };
          if (soft) {
            out.yProb = new Float32Array(batch.size * 4);
            other.forEach((v, k) => (out.yProb![k * 4 + v] = 1));
          } else {
            out.y = other;
          }
          yield out;
        }
      },
    });
    const firstLoss = async (source: BatchSource) => {
      const m = buildModel(tf, { preset: 'mlp', sampleShape: [8, 8, 3], layout: 'NHWC', numClasses: 4, seed: 1 });
      const updates: TrainerUpdate[] = [];
      const trainer = new Trainer(tf, m, source, { ...DEFAULT_SETTINGS, preset: 'mlp', batchSize: 8, epochs: 1, learningRate: 0.01 }, { scheduler: (f) => f(), onUpdate: (u) => updates.push(u) });
      await trainer.run();
      trainer.dispose();
      m.dispose();
      return updates.flatMap((u) => u.batches)[0]!.loss;
    };
    const plain = await firstLoss(quadrantSource(32, 8, 4));
    const hard = await firstLoss(relabel(quadrantSource(32, 8, 4), false));
    const soft = await firstLoss(relabel(quadrantSource(32, 8, 4), true));
    expect(soft).toBeCloseTo(hard, 5);
    expect(Math.abs(soft - plain)).toBeGreaterThan(1e-4);
  }, 60_000);
});
