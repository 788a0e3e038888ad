// Worker entry: generates the built-in time-series sample (data/series/sample.ts) from a seed off
// the main thread; the series' buffers travel back by transfer.
import * as Comlink from 'comlink';
import { generateGestures } from '../data/series/sample.js';

const api = {
  gestures(seed: number): ReturnType<typeof generateGestures> {
    const series = generateGestures(seed);
    return Comlink.transfer(
      series,
      series.map((s) => s.values.buffer as ArrayBuffer),
    );
  },
};

export type SeriesSampleWorkerApi = typeof api;
Comlink.expose(api);
