import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINARY_MODULE, binaryModuleText, compileKernels } from '../../../scripts/build-wasm.mjs';
import { wasmFailure, wasmKernels } from './kernels.js';

describe('the WebAssembly kernels', () => {
  it('binary.ts is what wasm/*.ts compiles to (run `npm run build:wasm` after editing them)', async () => {
    const binary = await compileKernels();
    expect(readFileSync(BINARY_MODULE, 'utf8')).toBe(binaryModuleText(binary));
  }, 60_000);

  it('start in Node (so the tests of their twins compare two implementations)', () => {
    expect(wasmKernels(), wasmFailure() ?? '').not.toBeNull();
  });
});
