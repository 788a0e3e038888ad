// The browser side of the series batch pool: module workers running seriesBatch.worker.ts behind
// Comlink, in one long-lived pool, and a source of training batches over it.
import * as Comlink from 'comlink';
import type { SeriesDataset } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { WorkerPool, type AsyncApi, type PoolWorker } from './pool.js';
import type { SeriesWorkerApi } from './seriesApi.js';
import type { SeriesBatchWorkerApi } from './seriesBatch.worker.js';
import { SeriesPoolSource, type SeriesPoolOptions } from './seriesLoader.js';

function browserSeriesWorker(): PoolWorker<SeriesWorkerApi> {
  const worker = new Worker(new URL('./seriesBatch.worker.ts', import.meta.url), { type: 'module', name: 'augplay-series-batch' });
  const remote = Comlink.wrap<SeriesBatchWorkerApi>(worker);
  const listeners: ((error: Error) => void)[] = [];
  let dead = false;
  const die = (error: Error) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    remote[Comlink.releaseProxy]();
    for (const listener of listeners) listener(error);
  };
  worker.addEventListener('error', (event) => die(new Error(event.message || 'uncaught error in series batch worker')));
  worker.addEventListener('messageerror', () => die(new Error('a message from the series batch worker could not be read')));
  return {
    // Comlink's Remote<T> is AsyncApi<T> plus proxy plumbing: its methods take and return the same data.
    api: remote as unknown as AsyncApi<SeriesWorkerApi>,
    terminate: () => die(new Error('terminated')),
    onExit: (listener) => listeners.push(listener),
  };
}

let pool: WorkerPool<SeriesWorkerApi> | undefined;

/** Training batches of `dataset` through `pipeline`, made on the series worker pool. */
export function seriesPoolSource(dataset: SeriesDataset, pipeline: Pipeline, options: SeriesPoolOptions): SeriesPoolSource {
  pool ??= new WorkerPool(browserSeriesWorker);
  return new SeriesPoolSource(pool, dataset, pipeline, options);
}
