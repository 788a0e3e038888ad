// The pool's worker entry: the worker API (./api.ts) with a real decoder, exposed through Comlink.
import * as Comlink from 'comlink';
import { decodeToWorkingSize } from '../data/decode.js';
import { createWorkerApi } from './api.js';

const api = createWorkerApi({
  transfer: (value, buffers) => Comlink.transfer(value, buffers),
  decode: decodeToWorkingSize,
});

Comlink.expose(api);

export type BatchWorkerApi = typeof api;
