// Registers tfjs's WASM backend with its binaries served from our own origin (Vite emits them as
// assets): the app makes no requests beyond its origin, so no CDN, and the CSP would block one anyway.
// Vite's types (import.meta.glob, ?url imports) are referenced here, not only in tsconfig, because
// Node-typed projects (the unit tests) reach this file through the store's dynamic imports.
/// <reference types="vite/client" />
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

type Tf = typeof import('@tensorflow/tfjs');

let registered = false;

/** Importing the package registers the 'wasm' backend factory; this points it at our copies of the binaries. */
export function registerWasmBackend(tf: Tf): void {
  if (registered) return;
  registered = true;
  // The threaded build starts pthread workers that load the backend's script by its URL, which a
  // bundled ES module app does not have: initialisation then never finishes (seen here: the 45 s
  // timeout in Chromium, cross-origin isolated). The single-threaded SIMD build has no workers.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // A per-file map, because Vite gives each asset a hashed name: a common prefix would not find them.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
}
