// Worker entry of the series batch pool: the API of seriesApi.ts behind Comlink; a batch's buffer
// is transferred, not copied.
import * as Comlink from 'comlink';
import { createSeriesWorkerApi, type SeriesBatchRequest } from './seriesApi.js';

const inner = createSeriesWorkerApi();
const api = {
  setSeries: inner.setSeries,
  batch(request: SeriesBatchRequest) {
    const out = inner.batch(request);
    return Comlink.transfer(out, [out.x.buffer as ArrayBuffer]);
  },
};

export type SeriesBatchWorkerApi = typeof api;
Comlink.expose(api);
