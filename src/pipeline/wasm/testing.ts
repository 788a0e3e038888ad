// Test helpers for the WebAssembly kernels: run the same code with them on and with their
// JavaScript twins, to compare the two.

import { setWasmKernels, wasmKernels } from './kernels.js';

/** fn() with the JavaScript kernels, then with the WebAssembly ones: [javascript, wasm]. */
export function bothWays<T>(fn: () => T): [T, T] {
  setWasmKernels(false);
  let js: T;
  try {
    js = fn();
  } finally {
    setWasmKernels(true);
  }
  if (!wasmKernels()) throw new Error('the WebAssembly kernels did not start');
  return [js, fn()];
}
