// A series run routed to the trainer worker (run in-process: calls answer on a later macrotask with
// cloned values, as messages would): the worker's session (made for series) reads the page's series
// batches through the data host with their buffers handed over, trains to the same weights as the
// same run on the page, and predicts a series with its model.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendSeries, seriesAt, type SeriesDataset } from '../../data/series/dataset.js';
import { generateGestures } from '../../data/series/sample.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../../pipeline/index.js';
import { checkpointsFor } from '../checkpoint.js';
import { WEIGHTS_FILE } from '../exportModel.js';
import type { BackendChooser, SessionEvent, TrainingSession } from '../sessionTypes.js';
import { createSeriesSession, DEFAULT_SERIES_SETTINGS } from '../seriesSession.js';
import { seriesTrainingData } from '../seriesSource.js';
import { createRoutedSession } from './routedSession.js';
import { inProcessLink as inProcess } from './testing.js';
import { createTrainerApi } from './trainerApi.js';

const pipeline = parsePipeline({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, modality: 'series', seed: 2, steps: [{ op: 'standardize' }, { op: 'jitter', p: 0.5 }] });
let dataset: SeriesDataset;
const data = () => Promise.resolve(seriesTrainingData(dataset, pipeline));
const immediately = (f: () => void) => f();
const settings = { ...DEFAULT_SERIES_SETTINGS, preset: 'mlp1d' as const, epochs: 2, batchSize: 8, initSeed: 3 };

/** Every backend is the CPU here; the page's "choice" is CPU, which trains in the worker. */
const cpuOnly: BackendChooser = async (t) => {
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [] };
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = appendSeries(null, generateGestures(9, 8, 30), 20, 'resample').dataset!;
  await checkpointsFor('series').clear();
});

function inProcessLink() {
  const session = createSeriesSession(() => Promise.resolve(tf), { chooseBackend: cpuOnly, scheduler: immediately });
  // Buffers marked to move are recorded: the batches cross as transfers, not copies.
  return inProcess(createTrainerApi(session, (v) => v));
}

async function weights(s: TrainingSession): Promise<Uint8Array> {
  const { bytes } = await s.exportModel({ settings, evaluation: null });
  return unzipSync(bytes)[WEIGHTS_FILE]!;
}

describe('a series run in the trainer worker', () => {
  it('trains there on the transferred series batches, to the weights of the same run on the page, and predicts a series there', async () => {
    const page = createSeriesSession(() => Promise.resolve(tf), { chooseBackend: cpuOnly, scheduler: immediately });
    await page.start({ settings, pipeline, data });
    const reference = await weights(page);

    const { link, calls, moved } = inProcessLink();
    const routed = createRoutedSession(() => link, { loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: immediately, modality: 'series' });
    const events: SessionEvent[] = [];
    routed.subscribe((e) => events.push(e));
    await routed.start({ settings, pipeline, data });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toContain('start');
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done' });
    expect(events.find((e) => e.type === 'model')).toMatchObject({ model: { preset: 'mlp1d', series: { workingLength: 20, channels: 3 } } });
    expect(moved.length).toBeGreaterThan(0);
    expect(Buffer.from(await weights(routed)).equals(Buffer.from(reference))).toBe(true);

    const prediction = await routed.predict({ values: seriesAt(dataset, 0).data, channels: 3 }, 'first');
    expect(calls).toContain('predict');
    expect(prediction.top.map((t) => t.className).sort()).toEqual([...dataset.classes].sort());
  }, 60_000);
});
