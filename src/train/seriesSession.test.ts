// Time series through the one training session (session.ts made for series), in Node on tfjs's CPU
// backend: a run trains and checkpoints every epoch; continuing from a checkpoint in a new session
// (a reload) ends at the weights of the uninterrupted run with the same seed; the export zip
// imports back and predicts the same; Auto measures the series model (fake timings pick).
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendSeries, seriesAt, type SeriesDataset } from '../data/series/dataset.js';
import { generateGestures } from '../data/series/sample.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../pipeline/index.js';
import { modelToArtifacts } from './artifacts.js';
import { mapStorage } from './autoBackend.js';
import type { CheckpointRecord, CheckpointStore } from './checkpoint.js';
import { checkpointModel } from './checkpoint.js';
import { WEIGHTS_FILE } from './exportModel.js';
import { measuredChooser } from './measuredChooser.js';
import { createTrainingSession, type BackendChooser, type BackendState, type SessionEvent, type TrainingSession } from './session.js';
import { createSeriesSession, DEFAULT_SERIES_SETTINGS } from './seriesSession.js';
import { seriesTrainingData } from './seriesSource.js';
import { timeTrainingSteps } from './stepTimer.js';
import type { TrainSettings } from './types.js';

const LENGTH = 24;
const pipeline = parsePipeline({
  format: PIPELINE_FORMAT,
  version: PIPELINE_VERSION,
  modality: 'series',
  seed: 3,
  steps: [{ op: 'standardize' }, { op: 'jitter', p: 0.5 }, { op: 'scaling', p: 0.5 }],
});
let dataset: SeriesDataset;
const data = () => Promise.resolve(seriesTrainingData(dataset, pipeline));
const immediately = (f: () => void) => f();

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = appendSeries(null, generateGestures(5, 10, 40), LENGTH, 'resample').dataset!;
});

const cpuOnly: BackendChooser = async (t) => {
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [] };
};

/** Checkpoints in memory: every epoch's record kept, `pick` says which one read() gives. */
function memoryCheckpoints() {
  const saved: CheckpointRecord[] = [];
  let picked: CheckpointRecord | undefined;
  const store: CheckpointStore = {
    save: async (t, model, state) => void saved.push({ savedAt: new Date().toISOString(), artifacts: await modelToArtifacts(t, model), state: structuredClone(state) }),
    read: async () => picked ?? saved.at(-1),
    clear: async () => void (picked = undefined),
    model: checkpointModel,
  };
  return { store, saved, pick: (record: CheckpointRecord) => (picked = record) };
}

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { ...DEFAULT_SERIES_SETTINGS, epochs: 3, batchSize: 8, learningRate: 0.01, initSeed: 4, ...overrides };
}

function session(checkpoints: CheckpointStore, chooseBackend: BackendChooser = cpuOnly): TrainingSession {
  return createSeriesSession(() => Promise.resolve(tf), { chooseBackend, scheduler: immediately, checkpoints, widthMultiplier: 0.25 });
}

function record(s: TrainingSession): SessionEvent[] {
  const events: SessionEvent[] = [];
  s.subscribe((e) => events.push(e));
  return events;
}

const lastStatus = (events: SessionEvent[]) => events.filter((e) => e.type === 'status').at(-1);

async function weights(s: TrainingSession): Promise<Float32Array> {
  const { bytes } = await s.exportModel({ settings: settings(), evaluation: null });
  const bin = unzipSync(bytes)[WEIGHTS_FILE]!;
  return new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
}

const maxDifference = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** A series of the dataset as a pasted one (values interleaved by channel). */
const firstSeries = () => ({ values: seriesAt(dataset, 0).data, channels: dataset.channels });

describe('a series run through the training session', () => {
  it('trains with the session events, checkpoints every epoch, and a continuation ends at the uninterrupted weights', async () => {
    const first = memoryCheckpoints();
    const whole = session(first.store);
    const events = record(whole);
    await whole.start({ settings: settings(), pipeline, data });
    expect(lastStatus(events)).toMatchObject({ status: 'done' });
    const model = events.find((e) => e.type === 'model');
    expect(model).toMatchObject({ model: { preset: 'cnn1d', sampleShape: [1, LENGTH, 3], series: { workingLength: LENGTH, lengthRule: 'resample', channels: 3 } } });
    expect(events.filter((e) => e.type === 'progress').length).toBeGreaterThan(0);
    expect(first.saved.map((r) => r.state.epochsDone)).toEqual([1, 2, 3]);
    expect(first.saved[0]!.state.series).toEqual({ workingLength: LENGTH, lengthRule: 'resample', channels: 3 });
    const uninterrupted = await weights(whole);

    // A reload after epoch 1: a new session continues from that checkpoint on the same data.
    const later = memoryCheckpoints();
    later.pick(first.saved[0]!);
    const continued = session(later.store);
    const continuedEvents = record(continued);
    await continued.continueFromCheckpoint(data);
    expect(lastStatus(continuedEvents)).toMatchObject({ status: 'done' });
    expect(continuedEvents.find((e) => e.type === 'model')).toMatchObject({ model: { origin: 'checkpoint' }, position: { epoch: 1 } });
    const resumed = await weights(continued);
    // Equal up to float rounding (Adam's bias correction is recomputed from the step count, not carried as a running product).
    expect(maxDifference(resumed, uninterrupted)).toBeLessThan(1e-5);

    // Without the optimiser's state the same continuation lands elsewhere: the check above can fail.
    const { optimizer: _dropped, ...withoutOptimizer } = first.saved[0]!.state;
    const bare = memoryCheckpoints();
    bare.pick({ ...first.saved[0]!, state: withoutOptimizer });
    const restarted = session(bare.store);
    await restarted.continueFromCheckpoint(data);
    expect(maxDifference(await weights(restarted), uninterrupted)).toBeGreaterThan(1e-3);

    // Another dataset is refused by name.
    const other = session(later.store);
    const otherEvents = record(other);
    const fewer = appendSeries(null, generateGestures(5, 6, 40), LENGTH, 'resample').dataset!;
    await other.continueFromCheckpoint(() => Promise.resolve(seriesTrainingData(fewer, pipeline)));
    expect(lastStatus(otherEvents)).toMatchObject({ status: 'failed', error: expect.stringMatching(/trained on time series: 40 series .* now is time series: 24 series/) });
  }, 120_000);

  it('exports a zip that imports back (its own pipeline and working length) and predicts the same; an image session refuses it', async () => {
    const trained = session(memoryCheckpoints().store);
    await trained.start({ settings: settings({ epochs: 1, preset: 'mlp1d' }), pipeline, data });
    const input = firstSeries();
    const before = await trained.predict(input, 'first.csv');
    expect(before.top.map((t) => t.className).sort()).toEqual([...dataset.classes].sort());
    const { fileName, bytes } = await trained.exportModel({ settings: settings(), evaluation: null });
    expect(fileName).toBe('augplay-series-model.zip');

    const imported = session(memoryCheckpoints().store);
    const events = record(imported);
    await imported.importModel(bytes, fileName);
    expect(events.find((e) => e.type === 'model')).toMatchObject({ model: { origin: 'imported', preset: 'mlp1d', series: { workingLength: LENGTH, lengthRule: 'resample', channels: 3 } } });
    expect(lastStatus(events)).toMatchObject({ message: expect.stringMatching(/^Imported augplay-series-model\.zip: 24 steps x 3 channels, 4 classes/) });
    expect(await imported.predict(input, 'first.csv')).toEqual(before);
    // A longer recording is brought to the working length as at import, not refused.
    const longer = { values: new Float32Array(3 * 100).map((_, i) => Math.sin(i / 7)), channels: 3 };
    expect((await imported.predict(longer, 'long.csv')).top).toHaveLength(4);
    await expect(imported.predict({ values: new Float32Array(10), channels: 2 }, 'two.csv')).rejects.toThrow('The series has 2 channels; the model was trained on 3.');

    const images = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, checkpoints: memoryCheckpoints().store });
    await expect(images.importModel(bytes, 'augplay-series-model.zip')).rejects.toThrow('augplay-series-model.zip is a time-series model: switch Modality to Time series to import it.');
  }, 60_000);

  it('Auto measures the series model at Train and picks the fastest by those figures', async () => {
    // WASM and WebGL here are tfjs's CPU backend under those names (Node has neither); their timings are made up.
    for (const name of ['wasm', 'webgl']) {
      if (tf.findBackendFactory(name)) continue;
      const cpu = tf.findBackend('cpu') as unknown as { constructor: new () => tf.KernelBackend };
      tf.registerBackend(name, () => new cpu.constructor(), 0);
      for (const kernel of tf.getKernelsForBackend('cpu')) if (!tf.getKernel(kernel.kernelName, name)) tf.registerKernel({ ...kernel, backendName: name });
    }
    const pick = async (figures: Record<string, number>) => {
      const asked: { backend: string; preset: string; sampleShape: readonly number[] }[] = [];
      const chooser = measuredChooser({
        storage: mapStorage(),
        selectBackend: async (name) => {
          await tf.setBackend(name ?? 'cpu');
          return { name: name ?? 'cpu', skipped: [] };
        },
        offThread: {
          backends: ['wasm', 'webgl'],
          timeSteps: async (backend, { model }) => {
            asked.push({ backend, preset: model.preset, sampleShape: model.sampleShape });
            return figures[backend] ?? 0;
          },
          abandon: () => undefined,
        },
      });
      const s = session(memoryCheckpoints().store, chooser);
      const backends: BackendState[] = [];
      s.subscribe((e) => void (e.type === 'backend' && backends.push(e.backend)));
      await s.start({ settings: settings({ epochs: 1 }), pipeline, data });
      await tf.setBackend('cpu');
      return { asked, shown: backends.filter((b) => b.status === 'ready').at(-1)! };
    };
    const wasmFaster = await pick({ wasm: 50, webgl: 20 });
    expect(wasmFaster.asked).toContainEqual({ backend: 'wasm', preset: 'cnn1d', sampleShape: [1, LENGTH, 3] });
    expect(wasmFaster.shown.name).toBe('wasm');
    expect(wasmFaster.shown.measured?.header).toMatch(/^WASM: 50 samples\/s, WebGL.*: 20 samples\/s/);
    const webglFaster = await pick({ wasm: 20, webgl: 50 });
    expect(webglFaster.shown.name).toBe('webgl');
    expect(webglFaster.shown.measured?.header).toMatch(/^WebGL.*: 50 samples\/s, WASM: 20 samples\/s/);
  }, 60_000);

  it("the step timer Auto uses builds and trains the series model as the run will", async () => {
    const timing = await timeTrainingSteps(tf, 'cpu', { model: { preset: 'cnn1d', sampleShape: [1, LENGTH, 3], layout: 'NHWC', numClasses: 4, widthMultiplier: 0.25 }, batchSize: 8, budgetMs: 50 });
    expect(timing.backend).toBe('cpu');
    expect(timing.samplesPerS).toBeGreaterThan(0);
  }, 30_000);
});
