// The bench page: workload 2's baselines in Chromium, exposed as window.augplayBench for
// bench/browser.mjs. Built with bench/vite.config.ts, so the app's bundle is untouched.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { runPipeline } from '../../src/pipeline/index.js';
import { benchImages, IMAGENET_MEAN, IMAGENET_STD, s1Pipeline, S1_NOISE_STD, type BenchImage } from '../s1.js';
import { measureRounds, type Rate } from '../timing.js';

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

declare global {
  interface Window {
    augplayBench: { ready: true; workload2: typeof workload2; tfjsVersion: string };
  }
}

window.augplayBench = { ready: true, workload2, tfjsVersion: tf.version.tfjs };
