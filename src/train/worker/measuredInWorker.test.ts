// The measured "Auto" of the page (worker/routedSession.ts) times the CPU-bound candidates through
// the trainer worker's API (timeSteps), not on the page's thread, then trains the winner there; the
// figure it shows is the worker's, and the choice is cached. The worker runs in-process here, its
// calls answering on a later macrotask with cloned values as messages would. Node has no WASM
// backend that tfjs can start, so a 'wasm' backend is tfjs's CPU backend registered under that name.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../../pipeline/index.js';
import { mapStorage } from '../autoBackend.js';
import type { BackendChoice, BackendName } from '../backend.js';
import { indexedDbCheckpoints } from '../checkpoint.js';
import { arraySource } from '../memorySource.js';
import { createTrainingSession, type BackendChooser, type BackendState, type SessionEvent, type TrainingData } from '../session.js';
import { quadrantDataset } from '../testing.js';
import { DEFAULT_SETTINGS, type TrainSettings } from '../types.js';
import { createRoutedSession } from './routedSession.js';
import { inProcessLink } from './testing.js';
import { createTrainerApi } from './trainerApi.js';

const SIZE = 8;
const pipeline = presetPipeline('none', 3);

beforeAll(async () => {
  await tf.setBackend('cpu');
  const cpu = tf.findBackend('cpu') as unknown as { constructor: new () => tf.KernelBackend };
  tf.registerBackend('wasm', () => new cpu.constructor(), 0);
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'wasm' });
  await indexedDbCheckpoints.clear();
});

/** Switches tfjs to the backend asked for (both "threads" share Node's tfjs). */
const anyBackend: BackendChooser = async (t, { wanted }) => {
  const name = wanted ?? 'cpu';
  if (!(await t.setBackend(name))) throw new Error(`${name} did not start`);
  return { name, skipped: [] };
};
const select = async (name?: BackendName): Promise<BackendChoice> => ({ name: (await anyBackend(tf, name ? { wanted: name } : {})).name as BackendName, skipped: [] });

/** The worker's API in-process; `calls` names each call, `timedThere` each backend the worker's step timer switched to. */
function inProcessWorker() {
  const timedThere: string[] = [];
  const session = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: anyBackend, scheduler: (f) => f(), checkpoints: indexedDbCheckpoints });
  const api = createTrainerApi(session, (v) => v, {
    loadTf: () => Promise.resolve(tf),
    useBackend: async (backend) => {
      timedThere.push(backend);
      return tf.setBackend(backend);
    },
  });
  const { link, calls } = inProcessLink(api);
  return { link, api, calls, timedThere };
}

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { ...DEFAULT_SETTINGS, preset: 'mlp', epochs: 1, autoEpochs: false, batchSize: 16, learningRate: 0.02, schedule: 'constant', initSeed: 7, ...overrides };
}

function data(): Promise<TrainingData> {
  const { x, labels } = quadrantDataset(32, SIZE, 11);
  const source = arraySource(x, labels, [SIZE, SIZE, 3], 4, { validationFraction: 0.25, seed: 2 });
  return Promise.resolve({ source, classes: ['a', 'b', 'c', 'd'], inputSize: { width: SIZE, height: SIZE }, description: '32 quadrant pictures', key: 'q32' });
}

describe('the measured Auto with the trainer worker', () => {
  it("times WASM through the worker's API, trains the winner there, and keeps the choice", async () => {
    const { link, calls, timedThere } = inProcessWorker();
    const startedOnPage: (string | undefined)[] = [];
    const selectOnPage = (name?: BackendName) => (startedOnPage.push(name), select(name));
    const routed = createRoutedSession(() => link, { loadTf: () => Promise.resolve(tf), scheduler: (f) => f(), checkpoints: indexedDbCheckpoints, measure: { storage: mapStorage(), selectBackend: selectOnPage } });
    const backends: BackendState[] = [];
    const statuses: string[] = [];
    routed.subscribe((e: SessionEvent) => {
      if (e.type === 'backend') backends.push(e.backend);
      if (e.type === 'status') statuses.push(e.status);
    });
    await routed.start({ settings: settings(), pipeline, data });
    await new Promise((r) => setTimeout(r, 20));

    expect(calls).toContain('timeSteps');
    expect(timedThere).toEqual(['wasm']);
    expect(calls.indexOf('timeSteps')).toBeLessThan(calls.indexOf('start'));
    // The candidate was started in the worker first (its start-up outside the budget).
    expect(calls.indexOf('selectBackend')).toBeLessThan(calls.indexOf('timeSteps'));
    // The winner trains in the worker: it is not started on the page's thread (WebGL would compile shaders there).
    expect(startedOnPage).not.toContain('wasm');
    const shown = backends.filter((b) => b.status === 'ready').at(-1);
    expect(shown?.name).toBe('wasm');
    expect(shown?.measured?.header).toMatch(/^WASM: [\d,.]+ samples\/s$/);
    expect(shown?.measured?.fromCache).toBe(false);
    expect(statuses.at(-1)).toBe('done');

    // Another batch size is timed again; back to the first, the stored choice, nothing timed anywhere.
    const timedBefore = calls.filter((c) => c === 'timeSteps').length;
    await routed.start({ settings: settings({ batchSize: 8 }), pipeline, data });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.filter((c) => c === 'timeSteps').length).toBe(timedBefore + 1);
    await routed.start({ settings: settings(), pipeline, data });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.filter((c) => c === 'timeSteps').length).toBe(timedBefore + 1);
    expect(backends.filter((b) => b.status === 'ready').at(-1)?.measured?.fromCache).toBe(true);
  });

  it('stops a measurement the page gave up on at its next step, leaving no tensors', async () => {
    const { api } = inProcessWorker();
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const timing = api.timeSteps('wasm', { model: { preset: 'mlp', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 4 }, batchSize: 16, budgetMs: 60_000 });
    api.abandonTiming();
    await expect(timing).rejects.toThrow(/abandoned/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
