// The presets as a user gets them (default settings: warm-up + cosine, label smoothing, dropout,
// batch norm) learn a small separable set; tiny inputs keep their spatial layout into the head;
// early stopping hands back the best epoch's weights, not the last.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, FLATTEN_MAX_FEATURES, TINY_INPUT_PX, TINY_INPUT_WIDTH } from './models.js';
import { quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, MODEL_PRESETS, type TrainSettings } from './types.js';

const SIZE = 8;
/** CNNs at an eighth of their width (4-8-16 filters): the same architecture at a cost the CPU backend affords. */
const TEST_WIDTH = 0.125;
/** Bounds a hang on a busy shared machine; not a speed check. */
const SLOW_MS = 60_000;
/** Accuracy each preset must reach on the quadrant set (chance: 0.25). */
const PRESET_MIN_ACCURACY = 0.85;
const immediately = (callback: () => void) => callback();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function settings(overrides: Partial<TrainSettings>): TrainSettings {
  return { ...DEFAULT_SETTINGS, batchSize: 8, learningRate: 0.01, ...overrides };
}

describe('presets on small data', () => {
  for (const preset of MODEL_PRESETS) {
    it(`${preset} fits a small separable set above ${PRESET_MIN_ACCURACY} with the default recipe`, async () => {
      const source = quadrantSource(64, SIZE, 31);
      const model = buildModel(tf, { preset, sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 4, seed: 1, widthMultiplier: preset === 'mlp' ? 1 : TEST_WIDTH });
      const trainer = new Trainer(tf, model, source, settings({ preset, epochs: 6 }), { scheduler: immediately });
      await trainer.run();
      expect(trainer.history.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(PRESET_MIN_ACCURACY);
      trainer.dispose();
      model.dispose();
    }, SLOW_MS);
  }

  it('a tiny input keeps its spatial layout into the head; a large one is pooled', () => {
    const layersOf = (size: number) => {
      const model = buildModel(tf, { preset: 'cnn-small', sampleShape: [size, size, 3], layout: 'NHWC', numClasses: 10, seed: 1 });
      const names = model.layers.map((l) => l.getClassName());
      const shapes = model.layers.map((l) => l.outputShape);
      model.dispose();
      return { names, shapes };
    };
    const tiny = layersOf(8);
    // 8x8 is pooled once, to 4x4, and flattened: the logits see where each feature was.
    expect(tiny.names).toContain('Flatten');
    expect(tiny.names).not.toContain('GlobalAveragePooling2D');
    expect(tiny.names.filter((n) => n === 'MaxPooling2D')).toHaveLength(1);
    expect(tiny.names).toContain('BatchNormalization');
    expect(tiny.names).toContain('Dropout');
    const large = layersOf(64);
    expect(large.names).toContain('GlobalAveragePooling2D');
    // 64 / 2^3 = 8; 8 * 8 * 128 values would be more than a flatten head takes.
    expect(8 * 8 * 128).toBeGreaterThan(FLATTEN_MAX_FEATURES);
  });

  it('the small CNN is built at half width up to 16 px unless a width is asked for, at full width above', () => {
    const filtersOf = (size: number, widthMultiplier?: number, layout: 'NHWC' | 'NCHW' = 'NHWC') => {
      const sampleShape: [number, number, number] = layout === 'NHWC' ? [size, size, 3] : [3, size, size];
      const model = buildModel(tf, { preset: 'cnn-small', sampleShape, layout, numClasses: 4, seed: 1, ...(widthMultiplier ? { widthMultiplier } : {}) });
      const filters = model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => (l.getConfig() as { filters: number }).filters);
      model.dispose();
      return filters;
    };
    expect(TINY_INPUT_PX).toBe(16);
    expect(filtersOf(8)).toEqual([16, 32, 64]);
    expect(filtersOf(16, undefined, 'NCHW')).toEqual([16, 32, 64]);
    expect(filtersOf(17)).toEqual([32, 64, 128]);
    expect(filtersOf(16, 1)).toEqual([32, 64, 128]);
    expect(TINY_INPUT_WIDTH).toBe(0.5);
  });
});

describe('early stopping', () => {
  it("restores the best epoch's weights when validation gets worse", async () => {
    const source = quadrantSource(32, SIZE, 33);
    const model = buildModel(tf, { preset: 'mlp', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 4, seed: 2 });
    const atEpochEnd: Float32Array[][] = [];
    const SABOTAGE_AFTER = 2;
    const trainer = new Trainer(tf, model, source, settings({ preset: 'mlp', epochs: 20, patience: 2, schedule: 'constant' }), {
      scheduler: immediately,
      onEpochEnd: async ({ event }) => {
        atEpochEnd.push(await Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data()))));
        // From here on the weights are thrown off, so validation gets worse and the best epoch lies behind.
        if (event.epoch >= SABOTAGE_AFTER) model.setWeights(model.getWeights().map((w, i) => tf.tidy(() => tf.randomNormal(w.shape, 0, 3, 'float32', 100 + i + event.epoch))));
      },
    });
    expect(await trainer.run()).toBe('early-stopped');
    const losses = trainer.history.map((e) => e.valLoss!);
    const best = losses.indexOf(Math.min(...losses));
    expect(best).toBeLessThan(trainer.history.length - 1);
    expect(trainer.bestEpoch).toBe(best);
    const now = await Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data())));
    expect(now).toEqual(atEpochEnd[best]);
    trainer.dispose();
    model.dispose();
  }, SLOW_MS);
});
