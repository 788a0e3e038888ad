// The presets as a user gets them (default settings: warm-up + cosine, label smoothing, dropout,
// batch norm) learn a small separable set; tiny inputs keep their spatial layout into the head;
// early stopping hands back the best epoch's weights, not the last.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, FLATTEN_MAX_FEATURES, STEM_GRID_PX, stemPatchPx } from './models.js';
import { quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, MODEL_PRESETS, type TrainSettings } from './types.js';

const SIZE = 8;
/** Above STEM_GRID_PX: the CNNs average 2x2 blocks first. */
const STEM_SIZE = 20;
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

  for (const preset of ['cnn-small', 'cnn-deep'] as const) {
    it(`${preset} with its averaging stem (${STEM_SIZE} px) fits the same set above ${PRESET_MIN_ACCURACY}`, async () => {
      const source = quadrantSource(64, STEM_SIZE, 31);
      const model = buildModel(tf, { preset, sampleShape: [STEM_SIZE, STEM_SIZE, 3], layout: 'NHWC', numClasses: 4, seed: 1, widthMultiplier: TEST_WIDTH });
      expect(stemPatchPx(STEM_SIZE)).toBeGreaterThan(1);
      const trainer = new Trainer(tf, model, source, settings({ preset, epochs: 6 }), { scheduler: immediately });
      await trainer.run();
      expect(trainer.history.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(PRESET_MIN_ACCURACY);
      trainer.dispose();
      model.dispose();
    }, SLOW_MS);
  }

  const layersOf = (size: number, preset: 'cnn-small' | 'cnn-deep' = 'cnn-small', layout: 'NHWC' | 'NCHW' = 'NHWC') => {
    const sampleShape: [number, number, number] = layout === 'NHWC' ? [size, size, 3] : [3, size, size];
    const model = buildModel(tf, { preset, sampleShape, layout, numClasses: 10, seed: 1 });
    const layers = model.layers.map((l) => ({ type: l.getClassName(), shape: l.outputShape as number[], config: l.getConfig() as { filters?: number; kernelSize?: number[]; strides?: number[] } }));
    model.dispose();
    return layers;
  };

  it('a tiny input keeps its spatial layout into the head', () => {
    const tiny = layersOf(8);
    const names = tiny.map((l) => l.type);
    // 8x8 is pooled once, to 4x4, and flattened: the logits see where each feature was.
    expect(names).toContain('Flatten');
    expect(names).not.toContain('GlobalAveragePooling2D');
    expect(names.filter((n) => n === 'MaxPooling2D')).toHaveLength(1);
    expect(names).toContain('BatchNormalization');
    expect(names).toContain('Dropout');
    expect(tiny.filter((l) => l.type === 'Conv2D').map((l) => l.config.filters)).toEqual([16, 32, 64]);
  });

  it(`a CNN averages blocks first above ${STEM_GRID_PX} px, so its convolutions run on a grid of at most ${STEM_GRID_PX}`, () => {
    expect(STEM_GRID_PX).toBe(16);
    for (const [size, patch] of [[8, 1], [16, 1], [17, 2], [32, 2], [64, 4], [100, 7], [224, 14]] as const) expect(stemPatchPx(size)).toBe(patch);
    for (const preset of ['cnn-small', 'cnn-deep'] as const) {
      for (const [size, layout] of [[64, 'NHWC'], [32, 'NCHW'], [20, 'NHWC']] as const) {
        const layers = layersOf(size, preset, layout);
        const patch = stemPatchPx(size);
        const grid = Math.floor(size / patch);
        // The averaging comes before any convolution, over non-overlapping patch x patch blocks.
        const stem = layers.findIndex((l) => l.type === 'AveragePooling2D');
        expect(stem).toBeGreaterThanOrEqual(0);
        expect(stem).toBeLessThan(layers.findIndex((l) => l.type === 'Conv2D'));
        expect((layers[stem]!.config as { poolSize?: number[] }).poolSize).toEqual([patch, patch]);
        expect(layers[stem]!.shape.slice(1, 3)).toEqual([grid, grid]);
        const convs = layers.filter((l) => l.type === 'Conv2D');
        for (const c of convs) expect(c.config.kernelSize).toEqual([3, 3]);
        expect(Math.max(...convs.map((c) => c.shape[1]!))).toBeLessThanOrEqual(STEM_GRID_PX);
      }
    }
    // At 16 px and below nothing is averaged away.
    expect(layersOf(16).some((l) => l.type === 'AveragePooling2D')).toBe(false);
    expect(layersOf(8, 'cnn-deep').some((l) => l.type === 'AveragePooling2D')).toBe(false);
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
