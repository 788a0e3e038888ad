// Fixtures for the trainer's tests and benchmarks: a small, clearly separable image set.
import { arraySource, type MemoryBatchSource } from './memorySource.js';

/** Values of the bright patch and the background noise's amplitude, in [0, 1] pixel units. */
const PATCH_VALUE = 0.9;
const NOISE = 0.2;

/**
 * `count` images of size x size x 3 in four classes: class k has a bright patch in quadrant k
 * (top-left, top-right, bottom-left, bottom-right), jittered, on uniform noise. Deterministic in `seed`.
 */
export function quadrantDataset(count: number, size: number, seed: number): { x: Float32Array; labels: Int32Array } {
  let state = seed >>> 0;
  const rng = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const half = size / 2;
  const patch = Math.max(2, Math.floor(size / 4));
  const x = new Float32Array(count * size * size * 3);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % 4;
    labels[n] = label;
    const top = (label >= 2 ? half : 0) + Math.floor(rng() * (half - patch + 1));
    const left = (label % 2 === 1 ? half : 0) + Math.floor(rng() * (half - patch + 1));
    for (let yy = 0; yy < size; yy++) {
      for (let xx = 0; xx < size; xx++) {
        const inPatch = yy >= top && yy < top + patch && xx >= left && xx < left + patch;
        for (let c = 0; c < 3; c++) x[((n * size + yy) * size + xx) * 3 + c] = inPatch ? PATCH_VALUE : rng() * NOISE;
      }
    }
  }
  return { x, labels };
}

export function quadrantSource(count: number, size: number, seed: number, validationFraction = 0.25): MemoryBatchSource {
  const { x, labels } = quadrantDataset(count, size, seed);
  return arraySource(x, labels, [size, size, 3], 4, { validationFraction, seed });
}
