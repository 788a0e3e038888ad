// The page's measurement hooks, in one module that main.tsx loads only with ?bench (or ?databench)
// in the URL: window.augplayBench (preview latencies, for bench/browser.mjs) and
// window.augplayDataBench (worker-pool throughput, for bench/data-throughput.mjs).

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

/** What the page trains on and what it measured, for the time-to-accuracy bench (bench/browser/tta.mjs): its scikit-learn baselines fit the same pixels and split. */
export interface TrainingDataView {
  classes: readonly string[];
  names: readonly string[];
  sizePx: number;
  labels: Int32Array;
  /** RGB bytes, sample after sample, at sizePx. */
  pixels: Uint8Array;
  train: Int32Array;
  validation: Int32Array;
  /** Per epoch as the page recorded it. */
  epochs: readonly { epoch: number; valAccuracy?: number; durationMs: number; step: number }[];
}

/**
 * Installs both hooks. `onPreviewLatency` subscribes to the preview's latencies (from an input
 * change to the grid drawn) and returns an unsubscribe function; the page passes the store's.
 * `trainingData` reads the page's dataset, split and epochs (null before a dataset is loaded).
 */
export function installBenchHooks(onPreviewLatency: (listener: (ms: number) => void) => () => void, trainingData?: () => TrainingDataView | null): void {
  const previewLatenciesMs: number[] = [];
  onPreviewLatency((ms) => previewLatenciesMs.push(ms));
  Object.assign(globalThis, {
    augplayBench: { previewLatenciesMs, trainingData },
    augplayDataBench: { poolThroughput, hardwareConcurrency: navigator.hardwareConcurrency },
  });
}
