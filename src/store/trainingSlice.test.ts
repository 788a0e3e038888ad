// The training slice over a real session (CPU backend) and the data slice on the in-process
// engine: what the panel shows through a run, prediction through the import decoder, and the
// messages a user gets when something fails.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../data/fixtures/png.js';
import { testStore } from './testing.js';

/** Bounds a hang on a busy shared machine; not a speed check. */
const SLOW_MS = 60_000;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('training slice', () => {
  it('waits for the dataset, trains on it through the pool, and shows the run', async () => {
    const { store, engine } = testStore();
    store.getState().setTrainingSettings({ preset: 'mlp', epochs: 1, batchSize: 100 });
    const started = store.getState().startTraining();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.getState().training.message).toBe('Waiting for the dataset to load…');
    await store.getState().initData();
    await started;
    const { training, backend } = store.getState();
    expect(training.error).toBeNull();
    expect(training.status).toBe('done');
    expect(training.message).toBe('Done: 1 epochs.');
    expect(training.dataDescription).toBe('built-in sample: 1000 images of 16 px, 4 classes');
    expect(backend).toMatchObject({ status: 'ready', name: 'cpu' });
    // 800 training samples (the split's 20% held out) in batches of 100.
    expect(training.position).toMatchObject({ epoch: 1, step: 8, batchesPerEpoch: 8 });
    expect(training.series.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((s) => s / 8));
    expect(training.epochs).toHaveLength(1);
    expect(training.evaluation?.samples).toBe(200);
    for (const row of training.confusionShares) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(training.model).toMatchObject({ origin: 'trained', classes: ['circle', 'square', 'triangle', 'star'], inputSize: { width: 16, height: 16 } });
    engine.destroy();
  }, SLOW_MS);

  it('predicts a file decoded by the import path at the model input size, and names a file it cannot read', async () => {
    const { store, engine, decodes } = testStore();
    await store.getState().predictImage(makePng(4, 4, () => [200, 10, 10]), 'red.png');
    expect(store.getState().training.predictError).toBe('No model yet: train one or import one first.');
    await store.getState().initData();
    store.getState().setTrainingSettings({ preset: 'mlp', epochs: 1, batchSize: 200 });
    await store.getState().startTraining();

    await store.getState().predictImage(makePng(40, 30, () => [200, 10, 10]), 'red.png');
    const { prediction, predictError } = store.getState().training;
    expect(predictError).toBeNull();
    expect(prediction?.fileName).toBe('red.png');
    expect(prediction?.top).toHaveLength(3);
    // Decoded in a worker, as import decodes, to the model's 16 px input.
    expect(decodes.at(-1)).toEqual({ mime: 'image/png', sizePx: 16 });

    await store.getState().predictImage(new TextEncoder().encode('just some notes'), 'notes.txt');
    expect(store.getState().training.predictError).toBe('notes.txt: text file, not an image (PNG, JPEG, WebP, GIF or BMP expected)');
    expect(store.getState().training.prediction).toBeNull();
    engine.destroy();
  }, SLOW_MS);

  it('says why a backend or an import failed, and keeps the settings', async () => {
    const { store, engine } = testStore();
    await store.getState().chooseBackend('webgpu');
    expect(store.getState().training.error).toBe('Backend webgpu: webgpu is not available in Node');
    expect(store.getState().backend).toMatchObject({ status: 'failed', error: 'webgpu is not available in Node' });
    expect(store.getState().training.backendRequest).toBe('webgpu');
    await store.getState().chooseBackend('auto');
    expect(store.getState().training.error).toBeNull();
    expect(store.getState().backend).toMatchObject({ status: 'ready', name: 'cpu' });

    await store.getState().importModel(new TextEncoder().encode('not a zip'), 'notes.zip');
    expect(store.getState().training.error).toMatch(/^notes\.zip is not a zip file/);
    expect(store.getState().training.model).toBeNull();
    engine.destroy();
  });

  it('offers no checkpoint when none was left, and discarding one clears the offer', async () => {
    const { store, engine } = testStore();
    await store.getState().checkForCheckpoint();
    expect(store.getState().training.checkpoint).toBeNull();
    store.setState({ training: { ...store.getState().training, checkpoint: { epochsDone: 1, epochs: 3, preset: 'mlp', savedAt: '2026-01-01T00:00:00Z', dataDescription: 'x' } } });
    await store.getState().discardCheckpoint();
    expect(store.getState().training.checkpoint).toBeNull();
    engine.destroy();
  });
});
