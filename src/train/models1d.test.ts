// The series models train through the same Trainer as images (CPU backend): the 1-D CNN learns the
// generated gestures well above chance in a few epochs, evaluation gives a confusion matrix over the
// classes, the tensor count stays flat; both presets size themselves from length and channels.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendSeries } from '../data/series/dataset.js';
import { generateGestures } from '../data/series/sample.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../pipeline/index.js';
import { buildSeriesModel, SERIES_MODEL_PRESETS } from './models1d.js';
import { seriesBatchSource } from './seriesSource.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, type Evaluation } from './types.js';

/** The machine running the tests may be shared and busy; this bounds a hang, it is not a speed check. */
const SLOW_MS = 120_000;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const pipeline = parsePipeline({
  format: PIPELINE_FORMAT,
  version: PIPELINE_VERSION,
  modality: 'series',
  seed: 4,
  steps: [{ op: 'resample', params: { length: 32 } }, { op: 'standardize' }, { op: 'jitter', p: 0.5 }, { op: 'scaling', p: 0.5 }],
});

describe('series models', () => {
  it('size themselves from length, channels and classes', () => {
    for (const preset of SERIES_MODEL_PRESETS) {
      for (const [length, channels] of [[16, 1], [300, 3]] as const) {
        const m = buildSeriesModel(tf, { preset, length, channels, numClasses: 5, seed: 1, widthMultiplier: 0.25 });
        expect(m.inputs[0]!.shape).toEqual([null, 1, length, channels]);
        expect(m.outputs[0]!.shape).toEqual([null, 5]);
        m.dispose();
      }
    }
    expect(() => buildSeriesModel(tf, { preset: 'cnn1d', length: 16, channels: 1, numClasses: 1, seed: 1 })).toThrow(/at least 2 classes/);
  });

  it('the 1-D CNN learns the gestures through the Trainer; evaluation has a confusion matrix; tensors stay flat', async () => {
    const { dataset } = appendSeries(null, generateGestures(3, 24, 64), 64, 'resample');
    const source = seriesBatchSource(dataset!, pipeline, { validationFraction: 0.25, splitSeed: 1 });
    expect(source.sampleShape).toEqual([1, 32, 3]);
    const m = buildSeriesModel(tf, { preset: 'cnn1d', length: 32, channels: 3, numClasses: 4, seed: 1, widthMultiplier: 0.25 });
    let evaluation: Evaluation | undefined;
    const trainer = new Trainer(tf, m, source, { ...DEFAULT_SETTINGS, preset: 'mlp', epochs: 4, autoEpochs: false, batchSize: 16, learningRate: 0.01 }, {
      scheduler: (callback) => callback(),
      onUpdate: (u) => (evaluation = u.evaluation ?? evaluation),
    });
    const before = tf.memory().numTensors;
    expect(await trainer.run()).toBe('completed');
    const after = tf.memory().numTensors;
    // Chance is 0.25 with four gestures.
    expect(trainer.history.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.6);
    expect(evaluation!.confusion).toHaveLength(4);
    expect(evaluation!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(source.validationIndices.length);
    expect(after - before).toBeLessThan(60);
    trainer.dispose();
    m.dispose();
  }, SLOW_MS);
});
