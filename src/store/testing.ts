// Fixtures for the store's Node tests: an app store on the in-process data engine (the real worker
// API, a fake image decoder) and a training session on tfjs's CPU backend.
import * as tf from '@tensorflow/tfjs';
import { unzlibSync } from 'fflate';
import { imageSize } from '../data/formats.js';
import type { DecodeResult } from '../data/importer.js';
import { createTrainingSession, type BackendChooser } from '../train/session.js';
import { createWorkerApi } from '../workers/api.js';
import { DataEngine } from '../workers/engine.js';
import { inProcessWorker } from '../workers/inProcess.js';
import { createAppStore, type AppStore } from './appStore.js';

/** Only tfjs's CPU backend exists in Node; asking for another fails as a missing one would in a browser. */
export const cpuOnly: BackendChooser = async (t, { wanted }) => {
  if (wanted && wanted !== 'cpu') throw new Error(`${wanted} is not available in Node`);
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [{ name: 'webgpu', reason: 'no navigator.gpu in Node' }] };
};

/**
 * Stands in for the browser's createImageBitmap decoder: a PNG made by data/fixtures/png.ts (RGB,
 * filter none) becomes a working copy filled with its first pixel's colour. Records each call.
 */
export function fakeDecoder(calls: { mime: string; sizePx: number }[] = []) {
  return (bytes: Uint8Array, mime: string, sizePx: number): Promise<DecodeResult> => {
    calls.push({ mime, sizePx });
    const size = imageSize(bytes, 'png');
    if (mime !== 'image/png' || !size) return Promise.resolve({ ok: false, reason: 'could not be decoded: the file is truncated or corrupt' });
    const length = new DataView(bytes.buffer, bytes.byteOffset + 33).getUint32(0);
    const raw = unzlibSync(bytes.subarray(41, 41 + length));
    const pixels = new Uint8Array(sizePx * sizePx * 3);
    for (let i = 0; i < pixels.length; i += 3) pixels.set(raw.subarray(1, 4), i);
    return Promise.resolve({ ok: true, width: size.width, height: size.height, pixels });
  };
}

export interface TestStore {
  store: AppStore;
  engine: DataEngine;
  decodes: { mime: string; sizePx: number }[];
}

/** A store with two in-process workers, no IndexedDB for the dataset, and a CPU training session publishing every event at once. */
export function testStore(workingSizePx = 16): TestStore {
  const decodes: { mime: string; sizePx: number }[] = [];
  const engine = new DataEngine(() => inProcessWorker(createWorkerApi({ transfer: (v) => v, decode: fakeDecoder(decodes) })), { size: 2 });
  const session = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (callback) => callback() });
  const store = createAppStore({ session, dataServices: () => Promise.resolve({ engine, db: null }) });
  store.setState({ workingSizePx });
  return { store, engine, decodes };
}
