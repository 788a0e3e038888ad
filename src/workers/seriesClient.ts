// The browser side of the series batch pool: module workers running seriesBatch.worker.ts behind
// Comlink, in one long-lived pool, and a source of training batches over it.
import type { SeriesDataset } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { WorkerPool, type PoolWorker } from './pool.js';
import { comlinkPoolWorker } from './poolWorker.js';
import type { SeriesWorkerApi } from './seriesApi.js';
import { SeriesPoolSource, type SeriesPoolOptions } from './seriesLoader.js';

function browserSeriesWorker(): PoolWorker<SeriesWorkerApi> {
  return comlinkPoolWorker<SeriesWorkerApi>(new Worker(new URL('./seriesBatch.worker.ts', import.meta.url), { type: 'module', name: 'augplay-series-batch' }), 'series batch worker');
}

let pool: WorkerPool<SeriesWorkerApi> | undefined;

/** Training batches of `dataset` through `pipeline`, made on the series worker pool. */
export function seriesPoolSource(dataset: SeriesDataset, pipeline: Pipeline, options: SeriesPoolOptions): SeriesPoolSource {
  pool ??= new WorkerPool(browserSeriesWorker);
  return new SeriesPoolSource(pool, dataset, pipeline, options);
}
