// Series batches from the worker pool: the same bytes with 1 or 3 workers, as the in-memory source
// makes them (the same split, order and draws), and after a worker dies mid-epoch.
import { describe, expect, it } from 'vitest';
import { appendSeries } from '../data/series/dataset.js';
import { generateGestures } from '../data/series/sample.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../pipeline/index.js';
import { seriesBatchSource } from '../train/seriesSource.js';
import { inProcessWorker, type InProcessWorker } from './inProcess.js';
import { WorkerPool } from './pool.js';
import { createSeriesWorkerApi, type SeriesWorkerApi } from './seriesApi.js';
import { SeriesPoolSource } from './seriesLoader.js';
import type { BatchSource } from './types.js';

const pipeline = parsePipeline({
  format: PIPELINE_FORMAT,
  version: PIPELINE_VERSION,
  modality: 'series',
  seed: 9,
  steps: [{ op: 'standardize' }, { op: 'jitter' }, { op: 'timeWarp', p: 1 }, { op: 'windowSlice' }, { op: 'resample', params: { length: 20 } }],
});
const dataset = appendSeries(null, generateGestures(2, 10, 40), 40, 'resample').dataset!;
const options = { validationFraction: 0.25, splitSeed: 3 };

async function collect(source: BatchSource): Promise<{ x: number[]; y: number[]; ids: number[] }[]> {
  const out = [];
  for (const epoch of [0, 1]) for await (const b of source.train(epoch, 7)) out.push({ x: [...b.x], y: [...b.y], ids: [...b.sampleIndices!] });
  for await (const b of source.validation(7)) out.push({ x: [...b.x], y: [...b.y], ids: [...b.sampleIndices!] });
  return out;
}

describe('series batches on the worker pool', () => {
  it('are the same with 1 or 3 workers as in memory, and after a worker dies', async () => {
    const reference = await collect(seriesBatchSource(dataset, pipeline, options));
    for (const size of [1, 3]) {
      const workers: InProcessWorker<SeriesWorkerApi>[] = [];
      const pool = new WorkerPool<SeriesWorkerApi>(() => {
        const w = inProcessWorker(createSeriesWorkerApi());
        workers.push(w);
        return w;
      }, { size });
      const source = new SeriesPoolSource(pool, dataset, pipeline, options);
      expect(source.sampleShape).toEqual([1, 20, 3]);
      expect(await collect(source)).toEqual(reference);
      // Kill a worker as soon as it has started a batch: the pool re-runs it elsewhere, same bytes.
      const batches = [];
      for await (const b of source.train(1, 7)) {
        if (batches.length === 1) workers[0]!.terminate();
        batches.push([...b.x]);
      }
      const perEpoch = source.trainBatches(7);
      expect(batches).toEqual(reference.slice(perEpoch, 2 * perEpoch).map((b) => b.x));
      expect(workers.length).toBeGreaterThan(size);
      pool.destroy();
    }
  });
});
