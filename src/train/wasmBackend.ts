// Registers tfjs's WASM backend with its binaries served from our own origin (Vite emits them as
// assets): the app makes no requests beyond its origin, so no CDN, and the CSP would block one anyway.
// Vite's types (import.meta.glob, ?url imports) are referenced here, not only in tsconfig, because
// Node-typed projects (the unit tests) reach this file through the store's dynamic imports.
/// <reference types="vite/client" />
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

type Tf = typeof import('@tensorflow/tfjs');

let registered = false;

/** Importing the package registers the 'wasm' backend factory; this points it at our copies of the binaries. */
export function registerWasmBackend(tf: Tf): void {
  if (registered) return;
  registered = true;
  // The threaded build (SIMD + pthreads) needs SharedArrayBuffer, so a cross-origin isolated page
  // (or a worker of one). Its pthread workers are blob: workers that importScripts() a blob: copy
  // of the backend's factory: the page's CSP lists blob: in script-src for that (vite.config.ts).
  // Without blob: there, importScripts is refused inside the pthread worker and initialisation
  // never finishes: what an earlier build saw (the 45 s timeout, isolated and bundled).
  if (!globalThis.crossOriginIsolated) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // One per core, up to the 8 pthreads the build pre-starts; tfjs's backend.cc caps it again at
  // half the logical cores (2 cores here: 1 compute thread, which the header then says).
  else setThreadsCount(wasmThreadsWanted(globalThis.navigator?.hardwareConcurrency));
  // A per-file map, because Vite gives each asset a hashed name: a common prefix would not find them.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
}

/** How many threads the WASM backend computes with (1 for the single-threaded build), once it has started; undefined before. */
export function wasmThreads(): number | undefined {
  try {
    return getThreadsCount();
  } catch {
    return undefined;
  }
}

/** Threads to ask the threaded build for: one per logical core, at least 1, at most the 8 pthreads it starts. */
export function wasmThreadsWanted(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.min(8, Math.floor(hardwareConcurrency ?? 1)));
}
