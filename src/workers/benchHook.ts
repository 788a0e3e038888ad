// Measurement hook for bench/data-throughput.mjs: with ?databench in the URL the page exposes
// window.augplayDataBench, which times the pool at a given size. Not loaded otherwise.

import { presetPipeline } from '../pipeline/index.js';
import { stratifiedSplit } from '../data/dataset.js';
import { makeSampleDataset } from '../data/sampleDataset.js';
import { browserWorker } from './client.js';
import { DataEngine } from './engine.js';

/** Augmented images per second from a pool of `workers`: the 'standard' preset at 64 px, batches of 64. */
async function poolThroughput(workers: number, seconds: number): Promise<{ workers: number; images: number; seconds: number; imagesPerSecond: number; meanWaitMs: number }> {
  const dataset = makeSampleDataset(64, 250);
  const engine = new DataEngine(browserWorker, { size: workers });
  try {
    await engine.setDataset(dataset);
    const source = engine.batchSource(presetPipeline('standard'), stratifiedSplit(dataset.labels, 4, 0, 1));
    // Warm-up: start every worker and let the JIT see the kernels.
    for await (const batch of source.train(1000, 64)) if (batch.index >= workers * 2) break;
    let images = 0;
    let waits = 0;
    let batches = 0;
    const start = performance.now();
    for (let epoch = 0; performance.now() - start < seconds * 1000; epoch++) {
      for await (const batch of source.train(epoch, 64)) {
        images += batch.size;
        waits += batch.waitMs;
        batches++;
        if (performance.now() - start >= seconds * 1000) break;
      }
    }
    const elapsed = (performance.now() - start) / 1000;
    return { workers, images, seconds: elapsed, imagesPerSecond: images / elapsed, meanWaitMs: waits / batches };
  } finally {
    engine.destroy();
  }
}

export function installDataBenchHook(): void {
  (globalThis as { augplayDataBench?: unknown }).augplayDataBench = { poolThroughput, hardwareConcurrency: navigator.hardwareConcurrency };
}
