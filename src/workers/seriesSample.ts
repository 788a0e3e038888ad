// The browser side of the sample worker: one short-lived module worker that makes the built-in
// time-series sample from a seed, then closes.
import * as Comlink from 'comlink';
import type { RawSeries } from '../data/series/parse.js';
import type { SeriesSampleWorkerApi } from './seriesSample.worker.js';

export async function gesturesInWorker(seed: number): Promise<RawSeries[]> {
  const worker = new Worker(new URL('./seriesSample.worker.ts', import.meta.url), { type: 'module', name: 'augplay-series-sample' });
  const remote = Comlink.wrap<SeriesSampleWorkerApi>(worker);
  try {
    return await remote.gestures(seed);
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
}
