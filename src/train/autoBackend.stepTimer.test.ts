// The real step timer (stepTimer.ts) on tfjs's CPU backend: it trains, reports samples/s from the
// batch it really ran, stays on the probe batch when the budget is too small, frees what it made,
// and fails loudly for a backend that does not start.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { PROBE_BATCH, timeTrainingSteps } from './stepTimer.js';

const MODEL = { preset: 'mlp' as const, sampleShape: [8, 8, 1] as const, layout: 'NHWC' as const, numClasses: 3 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('timeTrainingSteps', () => {
  it('times full-batch steps when the budget allows, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const timing = await timeTrainingSteps(tf, 'cpu', { model: MODEL, batchSize: 16, budgetMs: 60_000 });
    expect(timing.backend).toBe('cpu');
    expect(timing.batchSize).toBe(16);
    expect(timing.timedSteps).toBeGreaterThanOrEqual(1);
    expect(timing.samplesPerS).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('judges from the probe batch when a full batch would not fit the budget', async () => {
    const timing = await timeTrainingSteps(tf, 'cpu', { model: MODEL, batchSize: 4096, budgetMs: 0 });
    expect(timing.batchSize).toBe(PROBE_BATCH);
    expect(timing.timedSteps).toBe(1);
    expect(timing.samplesPerS).toBeGreaterThan(0);
  });

  it('throws when the backend does not start', async () => {
    await expect(timeTrainingSteps(tf, 'webgpu', { model: MODEL, batchSize: 8, budgetMs: 100, useBackend: async () => false })).rejects.toThrow(/webgpu did not start/);
    expect(tf.getBackend()).toBe('cpu');
  });
});
