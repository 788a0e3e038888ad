import { describe, expect, it } from 'vitest';
import { parsePipeline, runPipeline } from '../index.js';
import { Rng } from '../rng.js';
import { setWasmKernels, wasmKernels } from './kernels.js';
import { bothWays } from './testing.js';

describe('the WebAssembly kernels in the pipeline', () => {
  it('grow their memory for a large image, then a small one, and give the twins\' bytes for both', () => {
    const pipeline = parsePipeline({
      format: 'augplay.pipeline',
      version: 2,
      seed: 3,
      steps: [
        { op: 'randAugment', p: 1, params: { numOps: 3, magnitude: 12 } },
        { op: 'rotate', p: 1, params: { degrees: [-20, 20], interpolation: 'bilinear', border: 'reflect' } },
        { op: 'gaussianNoise', p: 1, params: { std: [0.02, 0.02] } },
        { op: 'normalize', params: {} },
      ],
    });
    const rng = new Rng(9);
    for (const [width, height] of [[701, 487], [7, 5], [701, 487]] as const) {
      const data = new Uint8Array(width * height * 3);
      rng.fillInt32(new Int32Array(data.buffer, 0, Math.floor(data.length / 4)));
      for (let index = 0; index < 2; index++) {
        const [js, wasm] = bothWays(() => runPipeline(pipeline, { width, height, channels: 3, data }, { epoch: 0, index, mode: 'train' }).data);
        // Counted, not toEqual: a diff of a million values would take minutes to print.
        const a = new Uint32Array(js.buffer);
        const b = new Uint32Array(wasm.buffer);
        let differing = 0;
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
        expect(b.length).toBe(a.length);
        expect(differing).toBe(0);
      }
    }
  }, 60_000);

  it('can be turned off and on (the twins then run)', () => {
    setWasmKernels(false);
    expect(wasmKernels()).toBeNull();
    setWasmKernels(true);
    expect(wasmKernels()).not.toBeNull();
  });
});
