// The training engine in Node on tfjs's CPU backend: learning, stop/resume, pause, flat tensor
// count, export round trip and evaluation arithmetic. Tiny models and 16x16 images keep it fast.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { predictProbabilities } from './evaluate.js';
import { exportModelZip, importModelZip, makeMetadata } from './exportModel.js';
import { confusionTotal, normalizeRows, perClassMetrics } from './metrics.js';
import { buildModel, summarize } from './models.js';
import { learningRateAtStep } from './schedule.js';
import { quadrantDataset, quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, type ModelPreset, type TrainerUpdate, type TrainSettings } from './types.js';

const SIZE = 16;
/** CNNs at a quarter of their width (8-16-32 filters): the same architecture at a cost the CPU backend affords. */
const TEST_WIDTH = 0.25;
/** The machine running the tests may be shared and busy; these bound a hang, they are not speed checks. */
const SLOW_MS = 60_000;
/** Publishes every event at once: the tests see each batch as it happens. */
const immediately = (callback: () => void) => callback();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function settings(overrides: Partial<TrainSettings>): TrainSettings {
  return { ...DEFAULT_SETTINGS, batchSize: 16, epochs: 2, learningRate: 0.01, ...overrides };
}

function model(preset: ModelPreset, seed = 1, size = SIZE) {
  return buildModel(tf, { preset, sampleShape: [size, size, 3], layout: 'NHWC', numClasses: 4, seed, widthMultiplier: preset === 'mlp' ? 1 : TEST_WIDTH });
}

async function weights(m: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(m.getWeights().map(async (w) => Float32Array.from(await w.data())));
}

describe('model presets', () => {
  it('size themselves by input shape and class count, with a summary', () => {
    for (const preset of ['mlp', 'cnn-small', 'cnn-deep'] as const) {
      const m = buildModel(tf, { preset, sampleShape: [3, SIZE, SIZE], layout: 'NCHW', numClasses: 5, seed: 1 });
      const summary = summarize(m, preset);
      expect(summary.inputShape).toEqual([3, SIZE, SIZE]);
      expect(summary.layers.at(-1)?.outputShape).toBe('[batch, 5]');
      expect(summary.totalParams).toBe(m.countParams());
      expect(summary.trainableParams).toBeLessThanOrEqual(summary.totalParams);
      m.dispose();
    }
  });

  it('give identical weights for the same seed', async () => {
    const [a, b] = [model('cnn-small', 7), model('cnn-small', 7)];
    expect(await weights(a)).toEqual(await weights(b));
    a.dispose();
    b.dispose();
  });
});

describe('Trainer', () => {
  it('gets the small CNN well above chance on a separable set', async () => {
    const source = quadrantSource(64, SIZE, 3);
    const m = model('cnn-small');
    const updates: TrainerUpdate[] = [];
    const trainer = new Trainer(tf, m, source, settings({ preset: 'cnn-small', epochs: 3, batchSize: 8 }), { onUpdate: (u) => updates.push(u) });
    expect(await trainer.run()).toBe('completed');
    const last = trainer.history.at(-1)!;
    // Chance is 0.25 with four classes.
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.7);
    expect(last.samplesPerSec).toBeGreaterThan(0);
    expect(last.waitFraction).toBeGreaterThanOrEqual(0);
    expect(last.waitFraction).toBeLessThan(1);
    // Updates were coalesced and still carry every batch and epoch.
    expect(updates.flatMap((u) => u.batches)).toHaveLength(3 * source.trainBatches(8));
    expect(updates.flatMap((u) => u.epochs).map((e) => e.epoch)).toEqual([0, 1, 2]);
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);

  it('continues from the same step after a stop, ending where an uninterrupted run ends', async () => {
    const run = async (stopAtStep?: number) => {
      const source = quadrantSource(64, SIZE, 5);
      const m = model('mlp', 2);
      const trainer: Trainer = new Trainer(tf, m, source, settings({ preset: 'mlp', optimizer: 'adam' }), {
        scheduler: immediately,
        onUpdate: (u) => {
          if (u.batches.some((b) => b.step === stopAtStep)) trainer.stop();
        },
      });
      const outcomes = [await trainer.run()];
      const stoppedAt = { ...trainer.position };
      if (!trainer.done) outcomes.push(await trainer.run());
      const result = { outcomes, stoppedAt, final: { ...trainer.position }, weights: await weights(m), history: trainer.history };
      trainer.dispose();
      m.dispose();
      return result;
    };
    const straight = await run();
    const interrupted = await run(2);
    expect(interrupted.outcomes).toEqual(['stopped', 'completed']);
    // Stopped at a batch boundary: three steps (0, 1, 2) taken, the fourth batch next.
    expect(interrupted.stoppedAt).toEqual({ epoch: 0, batch: 3, step: 3 });
    expect(interrupted.final).toEqual(straight.final);
    expect(interrupted.weights).toEqual(straight.weights);
    expect(interrupted.history.map((e) => e.valLoss)).toEqual(straight.history.map((e) => e.valLoss));
  }, SLOW_MS);

  it('pauses at a batch boundary and resumes', async () => {
    const source = quadrantSource(48, SIZE, 6);
    const m = model('mlp');
    let steps = 0;
    const trainer: Trainer = new Trainer(tf, m, source, settings({ preset: 'mlp', epochs: 1 }), {
      scheduler: immediately,
      onUpdate: (u) => {
        steps += u.batches.length;
        if (steps === 1) trainer.pause();
      },
    });
    const running = trainer.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(trainer.isPaused).toBe(true);
    expect(trainer.position.step).toBe(1);
    trainer.resume();
    expect(await running).toBe('completed');
    expect(trainer.position).toEqual({ epoch: 1, batch: 0, step: source.trainBatches(16) });
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);

  it('says it is paused only at the boundary, after the batch in flight was published', async () => {
    const source = quadrantSource(48, SIZE, 6);
    const m = model('mlp');
    const published: number[] = [];
    let publishedWhenPaused: number[] | undefined;
    // A frame scheduler that never runs by itself: only a flush publishes.
    const never = (): void => undefined;
    const trainer: Trainer = new Trainer(tf, m, source, settings({ preset: 'mlp', epochs: 1 }), {
      scheduler: never,
      onUpdate: (u) => published.push(...u.batches.map((b) => b.step)),
      onPaused: () => {
        publishedWhenPaused = [...published];
      },
    });
    trainer.pause();
    const running = trainer.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Paused before the first batch: reported at once, nothing trained.
    expect(publishedWhenPaused).toEqual([]);
    trainer.resume();
    // Pause again while batches train: the report comes with every trained step already published.
    await new Promise((resolve) => setTimeout(resolve, 0));
    publishedWhenPaused = undefined;
    trainer.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publishedWhenPaused).toBeDefined();
    expect(publishedWhenPaused!.length).toBe(trainer.position.step);
    expect(publishedWhenPaused).toEqual([...Array(trainer.position.step).keys()]);
    trainer.resume();
    expect(await running).toBe('completed');
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);

  it('keeps the tensor count flat from epoch to epoch', async () => {
    for (const preset of ['mlp', 'cnn-deep'] as const) {
      const source = quadrantSource(32, 8, 8);
      const m = model(preset, 1, 8);
      const counts: number[] = [];
      const trainer = new Trainer(tf, m, source, settings({ preset, epochs: 3, schedule: 'cosine', optimizer: preset === 'mlp' ? 'sgd' : 'rmsprop' }), {
        onEpochEnd: () => {
          counts.push(tf.memory().numTensors);
        },
      });
      await trainer.run();
      expect(counts, preset).toEqual([counts[0], counts[0], counts[0]]);
      trainer.dispose();
      m.dispose();
    }
  }, SLOW_MS);

  it('stops early when the validation loss stops improving', async () => {
    const source = quadrantSource(32, 8, 9);
    const m = model('mlp', 1, 8);
    // A learning rate this small cannot move the loss in the last decimal places that count.
    const trainer = new Trainer(tf, m, source, settings({ preset: 'mlp', epochs: 50, patience: 1, learningRate: 1e-9, optimizer: 'sgd' }));
    expect(await trainer.run()).toBe('early-stopped');
    expect(trainer.position.epoch).toBeLessThan(50);
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);

  it('says what to do about a bad setting', () => {
    const m = model('mlp');
    expect(() => new Trainer(tf, m, quadrantSource(16, SIZE, 1), settings({ batchSize: 0 }))).toThrow(/Batch size must be a whole number/);
    m.dispose();
  });
});

describe('evaluation', () => {
  it('confusion matrix counts add up to the validation split', async () => {
    const source = quadrantSource(40, SIZE, 4, 0.3);
    const m = model('mlp');
    const trainer = new Trainer(tf, m, source, settings({ preset: 'mlp', epochs: 1 }));
    await trainer.run();
    const evaluation = trainer.lastEvaluation!;
    expect(confusionTotal(evaluation.confusion)).toBe(source.validationIndices.length);
    expect(evaluation.samples).toBe(source.validationIndices.length);
    evaluation.confusion.forEach((row, k) => expect(row.reduce((a, b) => a + b, 0)).toBe(evaluation.perClass[k]!.support));
    const right = evaluation.confusion.reduce((sum, row, k) => sum + row[k]!, 0);
    expect(evaluation.accuracy).toBeCloseTo(right / evaluation.samples, 10);
    const wrongCount = evaluation.samples - right;
    expect(evaluation.mostWrong.length).toBe(Math.min(wrongCount, 12));
    for (let i = 1; i < evaluation.mostWrong.length; i++) expect(evaluation.mostWrong[i]!.trueProbability).toBeGreaterThanOrEqual(evaluation.mostWrong[i - 1]!.trueProbability);
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);

  it('precision, recall and normalised rows from a known matrix', () => {
    const confusion = [
      [3, 1, 0],
      [0, 2, 2],
      [0, 0, 0],
    ];
    const metrics = perClassMetrics(confusion);
    expect(metrics[0]).toEqual({ precision: 1, recall: 0.75, support: 4 });
    expect(metrics[1]).toEqual({ precision: 2 / 3, recall: 0.5, support: 4 });
    expect(metrics[2]).toEqual({ precision: 0, recall: 0, support: 0 });
    expect(normalizeRows(confusion)[1]).toEqual([0, 0.5, 0.5]);
    expect(confusionTotal(confusion)).toBe(8);
  });
});

describe('export', () => {
  it('import gives identical predictions, the same pipeline and class names', async () => {
    const source = quadrantSource(32, SIZE, 2);
    const m = model('cnn-small');
    const trainer = new Trainer(tf, m, source, settings({ preset: 'cnn-small', epochs: 1 }));
    await trainer.run();
    const pipeline = presetPipeline('light', 9);
    const classes = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
    const metadata = makeMetadata(tf, { preset: 'cnn-small', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', inputSize: { width: SIZE, height: SIZE } });
    const zip = await exportModelZip(tf, { model: m, pipeline, classes, metadata });
    const back = await importModelZip(tf, zip);
    expect(back.classes).toEqual(classes);
    expect(back.pipeline).toEqual(pipeline);
    expect(back.metadata.tfjsVersion).toBe(tf.version.tfjs);
    expect(back.metadata.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    const { x } = quadrantDataset(4, SIZE, 11);
    const sampleSize = SIZE * SIZE * 3;
    for (let i = 0; i < 4; i++) {
      const sample = x.slice(i * sampleSize, (i + 1) * sampleSize);
      expect(await predictProbabilities(tf, back.model, sample, [SIZE, SIZE, 3])).toEqual(await predictProbabilities(tf, m, sample, [SIZE, SIZE, 3]));
    }
    back.model.dispose();
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);

  it('names the problem with a file that is not an export', async () => {
    await expect(importModelZip(tf, new Uint8Array([1, 2, 3]), 'notes.txt')).rejects.toThrow(/notes.txt is not a zip file/);
  });
});

describe('learning-rate schedule', () => {
  it('warms up linearly, then constant, cosine or step over the remaining steps', () => {
    const base = { learningRate: 0.1, warmupFraction: 0.1 };
    const total = 100;
    // Ten warm-up steps climb towards the base rate without reaching 0 or overshooting.
    const warm = Array.from({ length: 10 }, (_, step) => learningRateAtStep({ ...base, schedule: 'cosine' }, step, total));
    warm.forEach((lr, i) => {
      expect(lr).toBeGreaterThan(0);
      if (i > 0) expect(lr).toBeGreaterThan(warm[i - 1]!);
    });
    expect(warm.at(-1)).toBeLessThan(0.1);
    expect(learningRateAtStep({ ...base, schedule: 'constant' }, 50, total)).toBe(0.1);
    expect(learningRateAtStep({ ...base, schedule: 'cosine' }, 10, total)).toBeCloseTo(0.1);
    expect(learningRateAtStep({ ...base, schedule: 'cosine' }, 55, total)).toBeCloseTo(0.1 * (0.01 + 0.99 * 0.5));
    expect(learningRateAtStep({ ...base, schedule: 'cosine' }, 99, total)).toBeLessThan(0.002);
    expect(learningRateAtStep({ ...base, schedule: 'step' }, 39, total)).toBeCloseTo(0.1);
    expect(learningRateAtStep({ ...base, schedule: 'step' }, 41, total)).toBeCloseTo(0.01);
    expect(learningRateAtStep({ ...base, schedule: 'step' }, 99, total)).toBeCloseTo(0.001);
    expect(learningRateAtStep({ ...base, warmupFraction: 0, schedule: 'cosine' }, 0, total)).toBeCloseTo(0.1);
  });
});
