// The session's side of the measured "Auto" backend: at Train it tells the chooser the model and
// batch size (so the chooser can time them), asks again only when they change, passes the figures
// on in the backend event, and a forced backend is never measured.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { indexedDbCheckpoints } from './checkpoint.js';
import { arraySource } from './memorySource.js';
import { createTrainingSession, type BackendChooser, type BackendState, type TrainingData } from './session.js';
import { quadrantDataset } from './testing.js';
import { DEFAULT_SETTINGS, type TrainSettings } from './types.js';
import 'fake-indexeddb/auto';

const SIZE = 8;
const pipeline = presetPipeline('none', 3);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await indexedDbCheckpoints.clear();
});

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { ...DEFAULT_SETTINGS, preset: 'mlp', epochs: 1, autoEpochs: false, batchSize: 16, learningRate: 0.02, schedule: 'constant', ...overrides };
}

function data(): Promise<TrainingData> {
  const { x, labels } = quadrantDataset(32, SIZE, 11);
  const source = arraySource(x, labels, [SIZE, SIZE, 3], 4, { validationFraction: 0.25, seed: 2 });
  return Promise.resolve({ source, classes: ['a', 'b', 'c', 'd'], inputSize: { width: SIZE, height: SIZE }, description: '32 quadrant pictures', key: 'q32' });
}

function recordingChooser() {
  const requests: Parameters<BackendChooser>[1][] = [];
  const chooser: BackendChooser = async (t, request) => {
    requests.push(request);
    await t.setBackend('cpu');
    return request.model
      ? { name: 'cpu', skipped: [{ name: 'wasm', reason: 'WASM: measured 3 samples/s' }], measured: { header: 'CPU: 9 samples/s, WASM: 3 samples/s', reason: 'CPU trained fastest of those measured', fromCache: false } }
      : { name: 'cpu', skipped: [] };
  };
  return { requests, chooser };
}

describe('session with the measured Auto backend', () => {
  it('tells the chooser the model and batch size at Train, once per model and batch size, and shows its figures', async () => {
    const { requests, chooser } = recordingChooser();
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: chooser, scheduler: (f) => f(), checkpoints: indexedDbCheckpoints });
    const backends: BackendState[] = [];
    s.subscribe((e) => void (e.type === 'backend' && backends.push(e.backend)));
    await s.selectBackend('auto');
    expect(requests.at(-1)?.model).toBeUndefined();

    await s.start({ settings: settings(), pipeline, data });
    expect(requests.at(-1)).toMatchObject({ preset: 'mlp', batchSize: 16, model: { preset: 'mlp', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', numClasses: 4 } });
    expect(backends.at(-1)?.measured?.header).toBe('CPU: 9 samples/s, WASM: 3 samples/s');

    const asked = requests.length;
    await s.start({ settings: settings(), pipeline, data });
    expect(requests.length).toBe(asked);
    await s.start({ settings: settings({ batchSize: 8 }), pipeline, data });
    expect(requests.length).toBe(asked + 1);
    expect(requests.at(-1)?.batchSize).toBe(8);
  });

  it('never measures a forced backend', async () => {
    const { requests, chooser } = recordingChooser();
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: chooser, scheduler: (f) => f(), checkpoints: indexedDbCheckpoints });
    await s.selectBackend('cpu');
    await s.start({ settings: settings(), pipeline, data });
    expect(requests.every((r) => r.wanted === 'cpu' && r.model === undefined)).toBe(true);
  });
});
