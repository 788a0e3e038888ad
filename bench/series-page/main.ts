// Bench page of S2 through the worker pool (bench/series-browser.mjs drives it): the series batch
// pool of src/workers (module workers, Comlink, one transferred buffer per batch) making training
// epochs of the S2 pipeline at 128 and 1024 steps, series per second by worker count.
import * as Comlink from 'comlink';
import { WorkerPool, type AsyncApi, type PoolWorker } from '../../src/workers/pool.js';
import type { SeriesWorkerApi } from '../../src/workers/seriesApi.js';
import type { SeriesBatchWorkerApi } from '../../src/workers/seriesBatch.worker.js';
import { SeriesPoolSource } from '../../src/workers/seriesLoader.js';
import { s2Pipeline, s2Series, S2_CHANNELS } from '../s2.js';

function worker(): PoolWorker<SeriesWorkerApi> {
  const w = new Worker(new URL('../../src/workers/seriesBatch.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<SeriesBatchWorkerApi>(w);
  return { api: remote as unknown as AsyncApi<SeriesWorkerApi>, terminate: () => w.terminate(), onExit: () => {} };
}

/** Series per second over `ms` of training epochs (batches of 32) with `workers` workers. */
async function run(length: number, workers: number, ms: number): Promise<{ series: number; ms: number }> {
  const base = s2Series(length);
  const count = 512;
  const values = new Float32Array(count * length * S2_CHANNELS);
  for (let i = 0; i < count; i++) values.set(base[i % base.length]!.data, i * length * S2_CHANNELS);
  const dataset = { length, channels: S2_CHANNELS, lengthRule: 'resample' as const, classes: ['a', 'b'], labels: Int32Array.from({ length: count }, (_, i) => i % 2), names: [], values, originals: [] };
  const pool = new WorkerPool<SeriesWorkerApi>(worker, { size: workers });
  const source = new SeriesPoolSource(pool, dataset, s2Pipeline(), { validationFraction: 0.1, splitSeed: 1 });
  for await (const _ of source.train(0, 32)) void _; // warm-up: workers start, code compiles
  let series = 0;
  const start = performance.now();
  for (let epoch = 1; performance.now() - start < ms; epoch++) for await (const b of source.train(epoch, 32)) series += b.size;
  const elapsed = performance.now() - start;
  pool.destroy();
  return { series, ms: elapsed };
}

Object.assign(window, { seriesBench: { run } });
