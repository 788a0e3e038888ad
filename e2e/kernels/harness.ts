/// <reference types="vite/client" />
// Test page for e2e/kernels.spec.ts, built and served by the spec itself (never part of the app):
// runs our convolution-gradient kernel against tfjs's stock one in a real browser, on WebGPU
// (SwiftShader in CI), and trains on WASM. Exposes window.kernelsHarness for page.evaluate.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

import { buildModel } from '../../src/train/models';
import type { ModelPreset } from '../../src/train/types';
import { registerWasmBackend } from '../../src/train/wasmBackend';
import { createFusedAdam } from '../../src/train/kernels/fusedAdam';
import {
  CONV2D_BACKPROP_FILTER,
  canTrainConvolutions,
  convGradCounts,
  registerConvGradKernels,
  unregisterConvGradKernels,
} from '../../src/train/kernels/index';

export interface GradCase {
  name: string;
  x: [number, number, number, number];
  filter: number;
  outChannels: number;
  stride: number;
  pad: 'same' | 'valid';
}

export interface GradResult {
  name: string;
  relativeError: number;
  oursRan: boolean;
}

export interface Throughput {
  backend: string;
  mode: 'stock' | 'ours';
  samplesPerS: number;
  stepMs: number;
  losses: number[];
  /** GPU ms per kernel for one step, largest first (WebGPU only). */
  profile?: { kernel: string; ms: number }[];
}

const NUM_CLASSES = 10;
const LEARNING_RATE = 1e-3;

/** Every class our kernel claims, at sizes a few times larger than the unit tests'. */
function gradCases(): GradCase[] {
  const cases: GradCase[] = [];
  for (const filter of [1, 3]) {
    for (const stride of [1, 2]) {
      for (const pad of ['same', 'valid'] as const) {
        cases.push({ name: `${filter}x${filter} s${stride} ${pad} 4x16x16x8->16`, x: [4, 16, 16, 8], filter, outChannels: 16, stride, pad });
        cases.push({ name: `${filter}x${filter} s${stride} ${pad} 3x15x13x3->32`, x: [3, 15, 13, 3], filter, outChannels: 32, stride, pad });
      }
    }
  }
  return cases;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Number.MIN_VALUE);
}

function setMode(backend: string, mode: 'stock' | 'ours'): void {
  if (mode === 'ours') registerConvGradKernels(tf, { backends: [backend] });
  else unregisterConvGradKernels(tf);
}

async function use(backend: string): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
}

/** Our filter gradient vs the stock one on `backend`, for every supported shape class. */
async function gradients(backend: string): Promise<GradResult[]> {
  await use(backend);
  const results: GradResult[] = [];
  for (const c of gradCases()) {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 3) as tf.Tensor4D;
    const forward = tf.conv2d(x, tf.zeros([c.filter, c.filter, c.x[3], c.outChannels]) as tf.Tensor4D, c.stride, c.pad);
    const dy = tf.randomNormal(forward.shape, 0, 1, 'float32', 4);
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: [c.filter, c.filter, c.x[3], c.outChannels] };
    // runKernel takes a NamedAttrMap; these are Conv2DBackpropFilter's declared attributes.
    const run = () => tf.engine().runKernel(CONV2D_BACKPROP_FILTER, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    setMode(backend, 'stock');
    const stock = run();
    setMode(backend, 'ours');
    const before = convGradCounts().ours;
    const ours = run();
    const oursRan = convGradCounts().ours === before + 1;
    results.push({ name: c.name, relativeError: relativeError((await ours.data()) as Float32Array, (await stock.data()) as Float32Array), oursRan });
    tf.dispose([x, forward, dy, stock, ours]);
  }
  unregisterConvGradKernels(tf);
  return results;
}

/** Trains a preset from a fixed seed; losses per step, samples/s over the steps after the first. */
async function train(backend: string, mode: 'stock' | 'ours', preset: ModelPreset, size: number, batch: number, steps: number, withProfile: boolean): Promise<Throughput> {
  await use(backend);
  setMode(backend, mode);
  const model = buildModel(tf, { preset, sampleShape: [size, size, 3], layout: 'NHWC', numClasses: NUM_CLASSES, seed: 1 });
  const optimizer = tf.train.adam(LEARNING_RATE);
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 7);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, NUM_CLASSES, 'int32', 8) as tf.Tensor1D, NUM_CLASSES);
  const step = () => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
  const losses: number[] = [];
  let start = 0;
  for (let i = 0; i < steps; i++) {
    // The first step compiles shaders / pipelines: time from the end of it.
    if (i === 1) start = performance.now();
    const cost = step();
    losses.push((await cost.data())[0]!);
    cost.dispose();
  }
  const elapsed = performance.now() - start;
  let profile: Throughput['profile'];
  if (withProfile) {
    const info = await tf.profile(() => step());
    const byKernel = new Map<string, number>();
    for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
    profile = [...byKernel].map(([kernel, ms]) => ({ kernel, ms })).sort((a, b) => b.ms - a.ms);
  }
  optimizer.dispose();
  model.dispose();
  tf.dispose([x, labels]);
  unregisterConvGradKernels(tf);
  const timed = Math.max(steps - 1, 1);
  return { backend, mode, samplesPerS: (timed * batch * 1000) / elapsed, stepMs: elapsed / timed, losses, profile };
}

/** WASM before and after ours: can a CNN train there at all? */
async function wasmStatus(): Promise<{ before: boolean; after: boolean }> {
  await use('wasm');
  unregisterConvGradKernels(tf);
  const before = canTrainConvolutions(tf, 'wasm');
  registerConvGradKernels(tf, { backends: ['wasm'] });
  const after = canTrainConvolutions(tf, 'wasm');
  unregisterConvGradKernels(tf);
  return { before, after };
}

/**
 * Fused Adam (and our Mean gradient, used by batch norm) against tfjs's Adam with stock kernels:
 * the deeper CNN from the same seed and data, `steps` steps each; the largest relative error over
 * all weights afterwards, and both loss curves.
 */
async function adam(backend: string, steps: number): Promise<{ weightRelativeError: number; stockLosses: number[]; oursLosses: number[] }> {
  await use(backend);
  const size = 8;
  const batch = 4;
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 11);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, NUM_CLASSES, 'int32', 12) as tf.Tensor1D, NUM_CLASSES);
  const run = async (mode: 'stock' | 'ours') => {
    setMode(backend, mode);
    const model = buildModel(tf, { preset: 'cnn-deep', sampleShape: [size, size, 3], layout: 'NHWC', numClasses: NUM_CLASSES, seed: 1 });
    const optimizer = mode === 'ours' ? createFusedAdam(tf, 1e-2) : tf.train.adam(1e-2);
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
      losses.push((await cost.data())[0]!);
      cost.dispose();
    }
    const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
    optimizer.dispose();
    model.dispose();
    unregisterConvGradKernels(tf);
    return { losses, weights };
  };
  const stock = await run('stock');
  const ours = await run('ours');
  tf.dispose([x, labels]);
  const weightRelativeError = Math.max(...stock.weights.map((w, i) => relativeError(ours.weights[i]!, w)));
  return { weightRelativeError, stockLosses: stock.losses, oursLosses: ours.losses };
}

const harness = { gradients, train, adam, wasmStatus, backends: () => tf.engine().backendNames() };
export type KernelsHarness = typeof harness;

registerWasmBackend(tf);
(window as unknown as { kernelsHarness: KernelsHarness }).kernelsHarness = harness;
document.getElementById('status')!.textContent = 'ready';
