// The compare slice over a real session (CPU backend) and the in-process data engine: variants
// trained one after another with the same settings, runs kept in IndexedDB (fake-indexeddb), a stop
// that keeps the finished runs, and "use this pipeline".
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { testStore } from './testing.js';

const SLOW_MS = 120_000;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('compare slice', () => {
  it('trains the variants one after another, keeps them over a new store, and a run can become the pipeline', async () => {
    const { store, engine } = testStore();
    await store.getState().initData();
    store.getState().setTrainingSettings({ preset: 'mlp', epochs: 1, batchSize: 100 });
    store.getState().setCompareCount(3);
    await store.getState().runComparison();
    const { compare } = store.getState();
    expect(compare.error).toBeNull();
    expect(compare.status).toBe('idle');
    expect(compare.runs.map((r) => r.name)).toEqual(['No augmentation', 'Current pipeline', expect.stringMatching(/^Without /)]);
    for (const run of compare.runs) {
      expect(run.epochs).toBe(1);
      expect(run.valAccuracy[0]).toBeGreaterThanOrEqual(0);
      expect(run.valAccuracy[0]).toBeLessThanOrEqual(1);
    }
    const fresh = testStore();
    await fresh.store.getState().loadComparison();
    expect(fresh.store.getState().compare.runs.map((r) => r.name)).toEqual(compare.runs.map((r) => r.name));
    fresh.engine.destroy();

    store.getState().adoptComparedPipeline(0);
    expect(store.getState().pipeline.steps.filter((s) => s.stage === 'augment').every((s) => !s.enabled)).toBe(true);
    store.getState().undo();
    expect(store.getState().pipeline.steps.some((s) => s.stage === 'augment' && s.enabled)).toBe(true);
    engine.destroy();
  }, SLOW_MS);

  it('a stop during the second run keeps the first', async () => {
    const { store, engine } = testStore();
    await store.getState().initData();
    store.getState().setTrainingSettings({ preset: 'mlp', epochs: 3, batchSize: 50 });
    store.getState().setCompareCount(3);
    const stopWhenSecondRuns = store.subscribe((s) => {
      // After the second run's first batch (its series starts empty).
      if (s.compare.status === 'running' && s.compare.current?.index === 1 && s.training.status === 'running' && s.training.series.x.length > 0) s.stopComparison();
    });
    await store.getState().runComparison();
    stopWhenSecondRuns();
    const { compare } = store.getState();
    expect(compare.status).toBe('idle');
    expect(compare.runs.map((r) => r.name)).toEqual(['No augmentation']);
    expect(compare.runs[0]!.epochs).toBe(3);
    engine.destroy();
  }, SLOW_MS);

  // Stop pressed while the first run is still preparing (backend, data, model), or at the moment its
  // trainer starts: the session has no trainer to stop yet, and the trainer clears a stop when it
  // starts, so the press used to be lost and the run kept as if it had finished.
  for (const when of ['preparing', 'running'] as const) {
    it(`a stop while the first run is ${when === 'preparing' ? 'preparing' : 'starting its first batch'} stops it and keeps nothing`, async () => {
      const { store, engine } = testStore();
      await store.getState().initData();
      store.getState().setTrainingSettings({ preset: 'mlp', epochs: 2, batchSize: 50 });
      store.getState().setCompareCount(3);
      const stopEarly = store.subscribe((s) => {
        if (s.compare.status === 'running' && s.compare.current?.index === 0 && s.training.status === when && s.training.series.x.length === 0) s.stopComparison();
      });
      await store.getState().runComparison();
      stopEarly();
      const { compare, training } = store.getState();
      expect(compare.status).toBe('idle');
      expect(compare.runs).toEqual([]);
      expect(compare.error).toBeNull();
      // The partial run stops (it stays in the Training panel, stopped, with Resume); it is not a finished run.
      expect(training.status).toBe('stopped');
      expect(compare.stopped).toMatch(/^No augmentation: stopped at epoch 1/);
      // What is saved is what the view shows: a reload does not bring back the previous comparison.
      const fresh = testStore();
      await fresh.store.getState().loadComparison();
      expect(fresh.store.getState().compare.runs).toEqual([]);
      fresh.engine.destroy();
      engine.destroy();
    }, SLOW_MS);
  }
});
