// The training session in Node on tfjs's CPU backend, with checkpoints in fake-indexeddb: the
// lifecycle a user drives (start, pause, resume, stop), continuing from a checkpoint after a
// "reload" (a new session), prediction, export and import, and what each failure tells the user.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { presetPipeline, type ImageU8 } from '../pipeline/index.js';
import { indexedDbCheckpoints, type CheckpointStore } from './checkpoint.js';
import { arraySource } from './memorySource.js';
import { createTrainingSession, type BackendChooser, type SessionEvent, type SessionOptions, type TrainingData, type TrainingSession } from './session.js';
import { quadrantDataset } from './testing.js';
import { DEFAULT_SETTINGS, settingsFromStored, storedSettings, type TrainSettings } from './types.js';

const SIZE = 8;
const CLASSES = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
/** Bounds a hang on a busy shared machine; not a speed check. */
const SLOW_MS = 60_000;
const immediately = (callback: () => void) => callback();
/** Rescale only: the 8-bit prediction image becomes the [0, 1] values the quadrant set is made of. */
const pipeline = presetPipeline('none', 3);

const cpuOnly: BackendChooser = async (t, { wanted }) => {
  if (wanted && wanted !== 'cpu') throw new Error(`${wanted} is not available in Node`);
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [{ name: 'webgpu', reason: 'no navigator.gpu in Node' }] };
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

beforeEach(async () => {
  await indexedDbCheckpoints.clear();
});

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { ...DEFAULT_SETTINGS, preset: 'mlp', epochs: 3, autoEpochs: false, batchSize: 16, learningRate: 0.02, schedule: 'constant', ...overrides };
}

function data(count = 64, key = 'quadrants-64'): (p: unknown) => Promise<TrainingData> {
  return () => {
    const { x, labels } = quadrantDataset(count, SIZE, 11);
    const source = arraySource(x, labels, [SIZE, SIZE, 3], 4, { validationFraction: 0.25, seed: 2 });
    return Promise.resolve({ source, classes: CLASSES, inputSize: { width: SIZE, height: SIZE }, description: `${count} quadrant pictures`, key });
  };
}

function session(options: SessionOptions = {}): { session: TrainingSession; events: SessionEvent[] } {
  const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: immediately, ...options });
  const events: SessionEvent[] = [];
  s.subscribe((e) => events.push(e));
  return { session: s, events };
}

const statuses = (events: SessionEvent[]) => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
const lastStatus = (events: SessionEvent[]) => events.filter((e) => e.type === 'status').at(-1);
const steps = (events: SessionEvent[]) => events.flatMap((e) => (e.type === 'progress' ? e.update.batches.map((b) => b.step) : []));

/** An 8-bit picture of class `label`: a bright patch in its quadrant on black. */
function quadrantImage(label: number): ImageU8 {
  const data = new Uint8Array(SIZE * SIZE * 3);
  const half = SIZE / 2;
  for (let y = 0; y < half; y++)
    for (let x = 0; x < half; x++)
      for (let c = 0; c < 3; c++) data[((y + (label >= 2 ? half : 0)) * SIZE + x + (label % 2 ? half : 0)) * 3 + c] = 230;
  return { width: SIZE, height: SIZE, channels: 3, data };
}

describe('training session', () => {
  it('trains to the end, reporting backend, model, progress and the outcome', async () => {
    const { session: s, events } = session();
    await s.start({ settings: settings(), pipeline, data: data() });
    expect(statuses(events)).toEqual(['preparing', 'running', 'done']);
    expect(lastStatus(events)).toMatchObject({ message: 'Done: 3 epochs.', error: null });
    expect(events.find((e) => e.type === 'backend' && e.backend.status === 'ready')).toMatchObject({ backend: { name: 'cpu', skipped: [{ name: 'webgpu' }] } });
    const model = events.find((e) => e.type === 'model');
    expect(model).toMatchObject({ model: { origin: 'trained', preset: 'mlp', classes: CLASSES, sampleShape: [SIZE, SIZE, 3], layout: 'NHWC' }, dataDescription: '64 quadrant pictures' });
    // 48 training samples in batches of 16: three steps an epoch, every one reported once.
    expect(steps(events)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const epochs = events.flatMap((e) => (e.type === 'progress' ? e.update.epochs : []));
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(epochs.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.75);
    // A finished run leaves nothing to continue after a reload.
    expect(await s.findCheckpoint()).toBeNull();
  }, SLOW_MS);

  it('pauses, resumes, stops at a batch boundary and resumes from the same step', async () => {
    const { session: s, events } = session();
    let paused = false;
    s.subscribe((e) => {
      if (e.type !== 'progress' || paused) return;
      paused = true;
      s.pause();
      // Resume a moment later, then stop at the next step reported.
      setTimeout(() => {
        void s.resume();
        const stopOnNext = s.subscribe((next) => {
          if (next.type !== 'progress') return;
          stopOnNext();
          s.stop();
        });
      }, 5);
    });
    await s.start({ settings: settings(), pipeline, data: data() });
    expect(statuses(events)).toEqual(['preparing', 'running', 'paused', 'running', 'stopped']);
    const stopped = lastStatus(events);
    expect(stopped).toMatchObject({ status: 'stopped' });
    expect(stopped?.type === 'status' && stopped.message).toMatch(/^Stopped at epoch 1, batch \d\. Resume continues from there\.$/);
    const before = steps(events);
    expect(before.length).toBeLessThan(9);
    await s.resume();
    expect(lastStatus(events)).toMatchObject({ status: 'done' });
    // No step repeated or skipped across the pause and the stop.
    expect(steps(events)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  }, SLOW_MS);

  it('continues from the checkpoint in a new session (a reload) on the same data, and refuses other data', async () => {
    const first = session();
    first.session.subscribe((e) => {
      if (e.type === 'progress' && e.update.epochs.length > 0) first.session.stop();
    });
    await first.session.start({ settings: settings({ epochs: 3, initSeed: 5 }), pipeline, data: data() });
    expect(lastStatus(first.events)).toMatchObject({ status: 'stopped' });

    const other = session();
    expect(await other.session.findCheckpoint()).toMatchObject({ epochsDone: 1, epochs: 3, preset: 'mlp', dataDescription: '64 quadrant pictures' });
    await other.session.continueFromCheckpoint(data(80, 'quadrants-80'));
    expect(lastStatus(other.events)).toMatchObject({ status: 'failed', error: 'The checkpoint was trained on 64 quadrant pictures, but the data now is 80 quadrant pictures: load the same data to continue, or press Train to start anew.' });

    const again = session();
    await again.session.continueFromCheckpoint(data());
    const model = again.events.find((e) => e.type === 'model');
    expect(model).toMatchObject({ model: { origin: 'checkpoint' }, settings: { epochs: 3, initSeed: 5 }, position: { epoch: 1, step: 3 } });
    expect(model?.type === 'model' && model.history.map((e) => e.epoch)).toEqual([0]);
    expect(lastStatus(again.events)).toMatchObject({ status: 'done' });
    expect(steps(again.events)).toEqual([3, 4, 5, 6, 7, 8]);
  }, SLOW_MS);

  it('predicts, exports, and an imported export predicts the same', async () => {
    const { session: s } = session();
    await expect(s.predict(quadrantImage(0), 'tl.png')).rejects.toThrow('No model yet: train one or import one first.');
    await expect(s.exportModel({ settings: settings(), evaluation: null })).rejects.toThrow('No model to export yet');
    await s.start({ settings: settings({ epochs: 4 }), pipeline, data: data() });
    const predictions = await Promise.all([0, 1, 2, 3].map((k) => s.predict(quadrantImage(k), `q${k}.png`)));
    expect(predictions.map((p) => p.top[0]!.className)).toEqual(CLASSES);
    for (const p of predictions) {
      expect(p.top).toHaveLength(3);
      expect(p.top[0]!.probability).toBeGreaterThanOrEqual(p.top[1]!.probability);
    }
    const exported = await s.exportModel({ settings: settings({ epochs: 4 }), evaluation: null });
    expect(exported.fileName).toBe('augplay-model-mlp.zip');

    const fresh = session();
    await fresh.session.importModel(exported.bytes, exported.fileName);
    expect(fresh.events.find((e) => e.type === 'model')).toMatchObject({ model: { origin: 'imported', classes: CLASSES, inputSize: { width: SIZE, height: SIZE } } });
    expect(lastStatus(fresh.events)).toMatchObject({ status: 'idle', message: expect.stringMatching(/^Imported augplay-model-mlp\.zip: 4 classes/) as unknown });
    expect(await fresh.session.predict(quadrantImage(2), 'q2.png')).toEqual(predictions[2]);
    await expect(fresh.session.importModel(new Uint8Array([1, 2, 3]), 'notes.zip')).rejects.toThrow('notes.zip is not a zip file');
  }, SLOW_MS);

  it('refuses to import or export while a run holds the model', async () => {
    const { session: s } = session();
    const refusals: Promise<unknown>[] = [];
    s.subscribe((e) => {
      if (e.type !== 'progress' || refusals.length) return;
      refusals.push(s.importModel(new Uint8Array(4), 'x.zip').catch((error: unknown) => error), s.exportModel({ settings: settings(), evaluation: null }).catch((error: unknown) => error));
    });
    await s.start({ settings: settings({ epochs: 1 }), pipeline, data: data() });
    const [imported, exported] = await Promise.all(refusals);
    expect(String(imported)).toContain('Stop training before importing a model.');
    expect(String(exported)).toContain('Stop training before exporting the model.');
  }, SLOW_MS);

  it('says what failed: no backend, no data, a checkpoint that cannot be saved, a forced backend that is not there', async () => {
    const noBackend = session({ chooseBackend: () => Promise.reject(new Error('No tfjs backend works here: webgpu: no adapter')) });
    await noBackend.session.start({ settings: settings(), pipeline, data: data() });
    expect(lastStatus(noBackend.events)).toMatchObject({ status: 'failed', error: 'No tfjs backend works here: webgpu: no adapter' });
    expect(noBackend.events.find((e) => e.type === 'backend' && e.backend.status === 'failed')).toMatchObject({ backend: { error: 'No tfjs backend works here: webgpu: no adapter' } });

    const noData = session();
    await noData.session.start({ settings: settings(), pipeline, data: () => Promise.reject(new Error('The dataset did not load within 90 s')) });
    expect(lastStatus(noData.events)).toMatchObject({ status: 'failed', error: 'The dataset did not load within 90 s' });

    const full: CheckpointStore = { ...indexedDbCheckpoints, save: () => Promise.reject(new Error('QuotaExceededError: the disk is full')) };
    const noRoom = session({ checkpoints: full });
    await noRoom.session.start({ settings: settings({ epochs: 1 }), pipeline, data: data() });
    expect(noRoom.events).toContainEqual({ type: 'message', message: 'Checkpoint not saved: QuotaExceededError: the disk is full' });
    expect(lastStatus(noRoom.events)).toMatchObject({ status: 'done' });

    const badSettings = session();
    await badSettings.session.start({ settings: settings({ batchSize: 0 }), pipeline, data: data() });
    expect(lastStatus(badSettings.events)).toMatchObject({ status: 'failed', error: 'Batch size must be a whole number of at least 1, got 0.' });

    const forced = session();
    await expect(forced.session.selectBackend('webgpu')).rejects.toThrow('webgpu is not available in Node');
    expect(forced.events.at(-1)).toMatchObject({ type: 'backend', backend: { status: 'failed', error: 'webgpu is not available in Node' } });
    await forced.session.selectBackend('cpu');
    expect(forced.events.at(-1)).toMatchObject({ type: 'backend', backend: { status: 'ready', name: 'cpu' } });
  }, SLOW_MS);
});

describe('stored settings', () => {
  it('keep what has the right type and read the old name `seed` as the weight-init seed', () => {
    expect(storedSettings({ epochs: 4, seed: 9, batchSize: 'many', learningRate: Infinity, bogus: 1 })).toEqual({ epochs: 4, initSeed: 9 });
    expect(storedSettings({ seed: 9, initSeed: 3 })).toEqual({ initSeed: 3 });
    expect(settingsFromStored(null)).toEqual(DEFAULT_SETTINGS);
  });
});
