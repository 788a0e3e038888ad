// The bench page: workload 2's baselines in Chromium, exposed as window.augplayBench for
// bench/browser.mjs. Built with bench/vite.config.ts, so the app's bundle is untouched.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { runPipeline } from '../../src/pipeline/index.js';
import { allocArena, stratifiedSplit, type Dataset } from '../../src/data/dataset.js';
import { browserWorker } from '../../src/workers/client.js';
import { DataEngine } from '../../src/workers/engine.js';
import { defaultPoolSize } from '../../src/workers/pool.js';
import { benchImages, IMAGENET_MEAN, IMAGENET_STD, s1Pipeline, S1_NOISE_STD, type BenchImage } from '../s1.js';
import { measureRounds, type Rate } from '../timing.js';
import { progress as trainingProgress, trainingClose, trainingOpen, trainingVariant } from './training.js';

/** Images per tfjs call: a tfjs user augments a batch at once (tf.image ops take 4-D tensors). */
const TFJS_BATCH = 32;
const PIXEL_MAX = 255;
const ROTATE_DEGREES = 15;
const FACTOR_RANGE = [0.8, 1.2] as const;
/** BT.601 luma, as the pipeline's contrast uses. */
const LUMA = [0.299, 0.587, 0.114];

/** S1 with our library on the main thread, one image at a time. */
function s1MainThread(sizePx: number, seconds: number): Rate {
  const pipeline = s1Pipeline();
  const images = benchImages(sizePx);
  let index = 0;
  return measureRounds(
    {
      main: () => {
        runPipeline(pipeline, images[index % images.length]!, { epoch: 0, index: index++, mode: 'train' });
        return 1;
      },
    },
    seconds,
  ).main;
}

const uniform = (min: number, max: number) => min + (max - min) * Math.random();

/**
 * S1 written with tfjs ops on a batch, as a tfjs user would: per-image flip through tf.where,
 * rotation through tf.image.transform (bilinear, reflect: the S1 settings; rotateWithOffset only
 * does nearest with a constant fill), brightness and contrast as arithmetic with per-image factors,
 * tf.randomNormal noise, ImageNet normalisation; the float32 result read back with await data().
 */
async function s1TfjsBatch(batch: tf.Tensor4D, sizePx: number): Promise<void> {
  const n = batch.shape[0];
  const out = tf.tidy(() => {
    const x = batch.toFloat();
    const flipMask = tf.tensor1d(Array.from({ length: n }, () => (Math.random() < 0.5 ? 1 : 0)), 'bool').reshape([n, 1, 1, 1]);
    const flipped = tf.where(flipMask.broadcastTo(x.shape), tf.image.flipLeftRight(x), x);
    // tf.image.transform maps output (x, y) to input (a0 x + a1 y + a2, b0 x + b1 y + b2), pixel centres at integers.
    const c = (sizePx - 1) / 2;
    const transforms = Array.from({ length: n }, () => {
      const r = (uniform(-ROTATE_DEGREES, ROTATE_DEGREES) * Math.PI) / 180;
      const cos = Math.cos(r);
      const sin = Math.sin(r);
      return [cos, -sin, c - cos * c + sin * c, sin, cos, c - sin * c - cos * c, 0, 0];
    });
    const rotated = tf.image.transform(flipped, tf.tensor2d(transforms), 'bilinear', 'reflect');
    const factors = (count: number) => tf.tensor1d(Array.from({ length: count }, () => uniform(...FACTOR_RANGE))).reshape([count, 1, 1, 1]);
    const bright = rotated.mul(factors(n)).clipByValue(0, PIXEL_MAX);
    const luma = bright.mul(tf.tensor1d(LUMA)).sum(3, true).mean([1, 2], true);
    const contrasted = bright.sub(luma).mul(factors(n)).add(luma).clipByValue(0, PIXEL_MAX);
    const noisy = contrasted.add(tf.randomNormal(contrasted.shape, 0, S1_NOISE_STD * PIXEL_MAX)).clipByValue(0, PIXEL_MAX);
    const mean = tf.tensor1d(IMAGENET_MEAN.map((m) => m * PIXEL_MAX));
    const std = tf.tensor1d(IMAGENET_STD.map((s) => s * PIXEL_MAX));
    return noisy.sub(mean).div(std);
  });
  await out.data();
  out.dispose();
}

interface TfjsResult {
  backend: string;
  images_per_s: number;
  batch: number;
}

/** What actually runs WebGL here (on a machine without a GPU: SwiftShader, on the CPU). */
function webglRenderer(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof renderer === 'string' ? renderer : null;
}

/** Images per second of S1 in tfjs ops on `backend`, batches of TFJS_BATCH, best of a few rounds. */
async function s1Tfjs(sizePx: number, seconds: number, backend: string): Promise<TfjsResult> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialise`);
  await tf.ready();
  const images = benchImages(sizePx, TFJS_BATCH);
  const pixels = new Int32Array(TFJS_BATCH * sizePx * sizePx * 3);
  images.forEach((im: BenchImage, i) => pixels.set(im.data, i * im.data.length));
  const batch = tf.tensor4d(pixels, [TFJS_BATCH, sizePx, sizePx, 3], 'int32');
  const rounds = 5;
  let best = 0;
  await s1TfjsBatch(batch, sizePx); // warm-up: shader compilation
  await s1TfjsBatch(batch, sizePx);
  for (let r = 0; r < rounds; r++) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await s1TfjsBatch(batch, sizePx);
      count += TFJS_BATCH;
      elapsed = performance.now() - start;
    } while (elapsed < (seconds * 1000) / rounds);
    best = Math.max(best, (count * 1000) / elapsed);
  }
  batch.dispose();
  return { backend: tf.getBackend(), images_per_s: best, batch: TFJS_BATCH };
}

/** Workload 2 baselines; the pool's figures join here when src/workers has its pool. */
async function workload2(sizePx: number, seconds: number, tfjsBackends: string[]) {
  const main = s1MainThread(sizePx, seconds);
  const tfjs: TfjsResult[] = [];
  const failed: { backend: string; reason: string }[] = [];
  for (const backend of tfjsBackends) {
    try {
      tfjs.push(await s1Tfjs(sizePx, seconds, backend));
    } catch (error) {
      failed.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return {
    size: sizePx,
    main_thread_images_per_s: main.perSecond,
    tfjs,
    tfjs_failed: failed,
    webgl_renderer: webglRenderer(),
    hardware_concurrency: navigator.hardwareConcurrency,
    cross_origin_isolated: globalThis.crossOriginIsolated,
  };
}

/**
 * Samples in the pool's dataset: the bench images repeated (the pool reads them by index, like the
 * app's). Many batches per epoch, so the loader's drain at each epoch's end weighs little.
 */
const poolDatasetSamples = (sizePx: number) => (sizePx <= 64 ? 2048 : 512);
const POOL_CLASSES = 4;

/** S1's bench images as a dataset in the app's arena (a SharedArrayBuffer when cross-origin isolated). */
function benchDataset(sizePx: number): Dataset {
  const images = benchImages(sizePx);
  const bytes = sizePx * sizePx * 3;
  const pixels = allocArena(poolDatasetSamples(sizePx) * bytes);
  const count = poolDatasetSamples(sizePx);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    pixels.set(images[i % images.length]!.data, i * bytes);
    labels[i] = i % POOL_CLASSES;
  }
  const names = Array.from({ length: count }, (_, i) => `bench-${i}`);
  return { source: 'user', sizePx, classes: ['a', 'b', 'c', 'd'], names, hashes: names.map(() => ''), labels, pixels };
}

interface PoolRound {
  images: number;
  ms: number;
  /** Time the consumer (the main thread) waited for batches, summed. */
  waitMs: number;
}

/**
 * The real pool and loader (src/workers: DataEngine, PoolBatchSource, module workers behind
 * Comlink) delivering S1 batches to this thread, for `ms`: epochs follow one another, every batch
 * is received as a float32 buffer here. Breaking out waits for the batches still in flight, so a
 * round leaves no work behind to disturb the next candidate.
 */
async function poolRound(engine: DataEngine, dataset: Dataset, batch: number, ms: number, epochBase: number): Promise<PoolRound> {
  const source = engine.batchSource(s1Pipeline(), stratifiedSplit(dataset.labels, POOL_CLASSES, 0, 1));
  let images = 0;
  let waitMs = 0;
  let checksum = 0;
  const start = performance.now();
  let elapsed = 0;
  for (let epoch = epochBase; elapsed < ms; epoch++) {
    for await (const b of source.train(epoch, batch)) {
      images += b.size;
      waitMs += b.waitMs;
      checksum += b.x[b.x.length - 1]!; // touch the delivered data
      elapsed = performance.now() - start;
      if (elapsed >= ms) break;
    }
  }
  if (Number.isNaN(checksum)) throw new Error('pool delivered NaN');
  return { images, ms: elapsed, waitMs };
}

/** Pools open for workload 2: one engine per worker count, all on the same dataset. */
let pools: { sizePx: number; dataset: Dataset; workers: number[]; engines: DataEngine[] } | null = null;
let poolEpoch = 0;

/**
 * Workload 2, the pool: opens one DataEngine (pool + loader) per worker count at `sizePx`, sends
 * the dataset and warms each up (workers started, JIT warm). bench/browser.mjs then runs
 * interleaved rounds with poolRoundOf and traces some of them.
 */
async function openPools(sizePx: number, batch: number, workers: number[]): Promise<{ workers: number[]; workers_default: number }> {
  closePools();
  const dataset = benchDataset(sizePx);
  const sizes = [...new Set(workers)].sort((a, b) => a - b);
  const engines = sizes.map((w) => new DataEngine(browserWorker, { size: w }));
  pools = { sizePx, dataset, workers: sizes, engines };
  for (const engine of engines) {
    await engine.setDataset(dataset);
    await poolRound(engine, dataset, batch, 500, 100_000 + poolEpoch++); // warm-up
  }
  return { workers: sizes, workers_default: defaultPoolSize() };
}

/** One timed round of the pool with `workers` workers: images delivered, ms, consumer wait. */
function poolRoundOf(workers: number, batch: number, ms: number): Promise<PoolRound> {
  if (!pools) throw new Error('openPools first');
  const i = pools.workers.indexOf(workers);
  if (i < 0) throw new Error(`no pool with ${workers} workers open`);
  poolEpoch += 1000;
  return poolRound(pools.engines[i]!, pools.dataset, batch, ms, poolEpoch);
}

function closePools(): void {
  for (const engine of pools?.engines ?? []) engine.destroy();
  pools = null;
}

/** S1 on the main thread alone (for the pool's sizes other than workload 2's headline size). */
function mainThreadOnly(sizePx: number, seconds: number): number {
  return s1MainThread(sizePx, seconds).perSecond;
}

declare global {
  interface Window {
    augplayBench: {
      ready: true;
      workload2: typeof workload2;
      openPools: typeof openPools;
      poolRoundOf: typeof poolRoundOf;
      closePools: typeof closePools;
      mainThreadOnly: typeof mainThreadOnly;
      trainingOpen: typeof trainingOpen;
      trainingVariant: typeof trainingVariant;
      trainingClose: typeof trainingClose;
      trainingProgress: typeof trainingProgress;
      s1PipelineJson: string;
      tfjsVersion: string;
    };
  }
}

window.augplayBench = { ready: true, workload2, openPools, poolRoundOf, closePools, mainThreadOnly, trainingOpen, trainingVariant, trainingClose, trainingProgress, s1PipelineJson: JSON.stringify(s1Pipeline()), tfjsVersion: tf.version.tfjs };
