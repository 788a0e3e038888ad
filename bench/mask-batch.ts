// Issue 13: the cost of the mask path. A worker's batch of S1 (the standard pipeline) with and
// without each sample's mask moved alongside (same draws, nearest sampling, into the same
// payload), at 64 and 224 px, in one Node thread on the worker's own code. Target: masks cost at
// most 25% more per sample. Prints one JSON object on stdout.

import { createWorkerApi } from '../src/workers/api.js';
import { benchImages, s1Pipeline } from './s1.js';
import { measureRounds } from './timing.js';

const SIZES = [64, 224] as const;
const BATCH = 32;
/** Samples in the worker's dataset: the 8 bench images, 4 times over, each with its own mask. */
const SAMPLES = 32;
/** Classes in the generated masks (background + 4, as the shapes' segmentation view). */
const MASK_CLASSES = 5;

const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
const pipeline = s1Pipeline();
const rows = [];
for (const size of SIZES) {
  const images = benchImages(size);
  const n = size * size;
  const pixels = new Uint8Array(SAMPLES * n * 3);
  const masks = new Uint8Array(SAMPLES * n);
  for (let i = 0; i < SAMPLES; i++) {
    pixels.set(images[i % images.length]!.data, i * n * 3);
    // Blocky masks (regions, as real masks are), class from the block's position.
    for (let p = 0; p < n; p++) masks[i * n + p] = ((((p % size) >> 4) + ((p / size) >> 4) + i) % MASK_CLASSES);
  }
  const api = createWorkerApi({ transfer: (value) => value });
  api.setDataset({ generation: 1, sizePx: size, pixels, labels: new Int32Array(SAMPLES), masks });
  const work = (withMasks: boolean) => {
    let epoch = 0;
    return () => {
      const sampleIndices = Int32Array.from({ length: BATCH }, (_, k) => (k + epoch) % SAMPLES);
      api.batch({ generation: 1, pipeline, mode: 'train', epoch: epoch++, sampleIndices, withMasks });
      return BATCH;
    };
  };
  const r = measureRounds({ images: work(false), images_and_masks: work(true) }, seconds);
  const overhead = r.images.perSecond / r.images_and_masks.perSecond - 1;
  rows.push({
    size,
    batch: BATCH,
    images_per_s: r.images.perSecond,
    images_and_masks_per_s: r.images_and_masks.perSecond,
    images_per_cpu_s: r.images.perCpuSecond,
    images_and_masks_per_cpu_s: r.images_and_masks.perCpuSecond,
    mask_overhead_per_sample: overhead,
    mask_overhead_per_cpu_s: r.images.perCpuSecond && r.images_and_masks.perCpuSecond ? r.images.perCpuSecond / r.images_and_masks.perCpuSecond - 1 : null,
    target_max_overhead: 0.25,
  });
  process.stderr.write(`mask_batches ${size}px: images ${r.images.perSecond.toFixed(0)}/s, images+masks ${r.images_and_masks.perSecond.toFixed(0)}/s (+${(overhead * 100).toFixed(1)}% per sample)\n`);
}
process.stdout.write(JSON.stringify({ mask_batches: rows }) + '\n');
