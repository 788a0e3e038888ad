// The trainer worker, run in-process (its API object called asynchronously, batches handed over
// as a worker would receive them): a run on the CPU backend trained there gives the same weights
// as the same run on the main thread; pause, resume and stop reach the worker's run; export and
// prediction come from the session that holds the model.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { presetPipeline } from '../../pipeline/index.js';
import { indexedDbCheckpoints } from '../checkpoint.js';
import { WEIGHTS_FILE } from '../exportModel.js';
import { arraySource } from '../memorySource.js';
import { createTrainingSession, type BackendChooser, type SessionEvent, type TrainingData, type TrainingSession } from '../session.js';
import { quadrantDataset } from '../testing.js';
import { DEFAULT_SETTINGS, type TrainSettings } from '../types.js';
import { createRoutedSession, type TrainerLink } from './routedSession.js';
import { inProcessLink as inProcess } from './testing.js';
import { createTrainerApi } from './trainerApi.js';

const SIZE = 8;
const pipeline = presetPipeline('none', 3);
const immediately = (callback: () => void) => callback();

const cpuOnly: BackendChooser = async (t, { wanted }) => {
  if (wanted && wanted !== 'cpu') throw new Error(`${wanted} is not available in Node`);
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [] };
};

/** The worker's API in-process (./testing.ts): every call answers on a later macrotask, arguments and results cloned like messages. */
function inProcessLink(): { link: TrainerLink; calls: string[] } {
  return inProcess(createTrainerApi(createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: immediately, checkpoints: indexedDbCheckpoints })));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => {
  await indexedDbCheckpoints.clear();
});

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { ...DEFAULT_SETTINGS, preset: 'mlp', epochs: 2, autoEpochs: false, batchSize: 16, learningRate: 0.02, schedule: 'constant', initSeed: 7, ...overrides };
}

function data(): Promise<TrainingData> {
  const { x, labels } = quadrantDataset(64, SIZE, 11);
  const source = arraySource(x, labels, [SIZE, SIZE, 3], 4, { validationFraction: 0.25, seed: 2 });
  return Promise.resolve({ source, classes: ['a', 'b', 'c', 'd'], inputSize: { width: SIZE, height: SIZE }, description: '64 quadrant pictures', key: 'q64' });
}

function record(session: TrainingSession): SessionEvent[] {
  const events: SessionEvent[] = [];
  session.subscribe((e) => events.push(e));
  return events;
}

async function weights(session: TrainingSession): Promise<Uint8Array> {
  const { bytes } = await session.exportModel({ settings: settings(), evaluation: null });
  return unzipSync(bytes)[WEIGHTS_FILE]!;
}

const lastStatus = (events: SessionEvent[]) => events.filter((e): e is Extract<SessionEvent, { type: 'status' }> => e.type === 'status').at(-1)?.status;

describe('training in the worker', () => {
  it('gives the same weights as the main-thread run for the same seed (CPU backend)', async () => {
    const main = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: immediately, checkpoints: indexedDbCheckpoints });
    await main.start({ settings: settings(), pipeline, data });
    const reference = await weights(main);

    const { link, calls } = inProcessLink();
    const routed = createRoutedSession(() => link, { loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: immediately, checkpoints: indexedDbCheckpoints });
    const events = record(routed);
    await routed.start({ settings: settings(), pipeline, data });
    expect(calls).toContain('start');
    expect(lastStatus(events)).toBe('done');
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events.find((e) => e.type === 'model')).toBeDefined();
    const fromWorker = await weights(routed);
    expect(calls).toContain('exportModel');
    expect(fromWorker.length).toBeGreaterThan(0);
    expect(Buffer.from(fromWorker).equals(Buffer.from(reference))).toBe(true);
  });

  it('pauses, resumes and stops the run in the worker, and predicts with its model', async () => {
    const { link, calls } = inProcessLink();
    const routed = createRoutedSession(() => link, { loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: immediately, checkpoints: indexedDbCheckpoints });
    const events = record(routed);
    let paused = false;
    routed.subscribe((e) => {
      if (!paused && e.type === 'progress') {
        paused = true;
        routed.pause();
      }
    });
    const run = routed.start({ settings: settings({ epochs: 20, batchSize: 4 }), pipeline, data });
    await new Promise<void>((resolve) => routed.subscribe((e) => e.type === 'status' && e.status === 'paused' && resolve()));
    expect(calls).toContain('pause');
    // A second Train while the worker's run is paused is refused, as in one session.
    await routed.start({ settings: settings(), pipeline, data });
    expect(calls.filter((c) => c === 'start')).toHaveLength(1);
    routed.stop();
    await routed.resume();
    await run;
    await new Promise((r) => setTimeout(r, 50));
    expect(lastStatus(events)).toBe('stopped');

    const image = { width: SIZE, height: SIZE, channels: 3 as const, data: new Uint8Array(SIZE * SIZE * 3).fill(200) };
    const prediction = await routed.predict(image, 'bright.png');
    expect(calls).toContain('predict');
    expect(prediction.top).toHaveLength(3);
  });
});
