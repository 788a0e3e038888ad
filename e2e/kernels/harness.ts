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
  adamInPlaceCalls,
  canTrainConvolutions,
  convGradCounts,
  convLayerCounts,
  fusedBatchNormCalls,
  gpuDropoutCalls,
  registerConvGradKernels,
  fusedSoftmaxCrossEntropyCalls,
  setConvInputGradPath,
  softmaxCrossEntropy,
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
  // Beyond the per-tap path's shapes, WebGPU's WGSL programs only: patch stems (kernel = stride) and a 2x2.
  cases.push({ name: '4x4 s4 same 2x18x16x3->16 (patch stem)', x: [2, 18, 16, 3], filter: 4, outChannels: 16, stride: 4, pad: 'same' });
  cases.push({ name: '2x2 s2 valid 3x9x8x5->8', x: [3, 9, 8, 5], filter: 2, outChannels: 8, stride: 2, pad: 'valid' });
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

/**
 * Builds a preset with its Dropout layers off (rate 0), for comparisons of stock and ours: ours
 * draws dropout masks on the GPU, tfjs on the CPU, so with dropout on the curves differ by design
 * (dropout itself is checked in layerKernels).
 */
function buildWithoutDropout(spec: Parameters<typeof buildModel>[1]): ReturnType<typeof buildModel> {
  const model = buildModel(tf, spec);
  // tfjs-layers' Dropout keeps its rate in a public-at-runtime field its types do not declare.
  for (const layer of model.layers) if (layer.getClassName() === 'Dropout') (layer as unknown as { rate: number }).rate = 0;
  return model;
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
  const model = buildWithoutDropout({ preset, sampleShape: [size, size, 3], layout: 'NHWC', numClasses: NUM_CLASSES, seed: 1 });
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
async function adam(
  backend: string,
  steps: number,
): Promise<{ weightRelativeError: number; stockLosses: number[]; oursLosses: number[]; oursRan: { adamInPlace: boolean; batchNorm: boolean } }> {
  await use(backend);
  const size = 8;
  const batch = 4;
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 11);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, NUM_CLASSES, 'int32', 12) as tf.Tensor1D, NUM_CLASSES);
  const run = async (mode: 'stock' | 'ours') => {
    setMode(backend, mode);
    const model = buildWithoutDropout({ preset: 'cnn-deep', sampleShape: [size, size, 3], layout: 'NHWC', numClasses: NUM_CLASSES, seed: 1 });
    const optimizer = mode === 'ours' ? createFusedAdam(tf, LEARNING_RATE) : tf.train.adam(LEARNING_RATE);
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
  const inPlaceBefore = adamInPlaceCalls();
  const bnBefore = fusedBatchNormCalls();
  const ours = await run('ours');
  const oursRan = { adamInPlace: adamInPlaceCalls() > inPlaceBefore, batchNorm: fusedBatchNormCalls() > bnBefore };
  tf.dispose([x, labels]);
  const weightRelativeError = Math.max(...stock.weights.map((w, i) => relativeError(ours.weights[i]!, w)));
  return { weightRelativeError, stockLosses: stock.losses, oursLosses: ours.losses, oursRan };
}

export interface LayerKernelResult {
  /** Per shape: ||ours - stock|| / ||stock|| of the output, moving averages and the three gradients. */
  batchNorm: { shape: number[]; errors: Record<string, number>; oursRan: boolean }[];
  /** Conv2D layers through our FusedConv2D gradient, per case and input-gradient path: ||ours - stock|| / ||stock|| of y, dx, dW, db. */
  convLayer: { name: string; path: 'stock' | 'forward'; errors: Record<string, number>; oursRan: boolean; forwardRan: boolean }[];
  /** Our softmax cross-entropy against tf.losses.softmaxCrossEntropy: relative error of the loss and of the logits' gradient. */
  crossEntropy: { name: string; lossError: number; gradError: number; oursRan: boolean }[];
  reluGradRelativeError: number;
  dropout: { rate: number; calls: number; dropped: number; keptScaled: boolean; maskAgreement: number; gradientMaxError: number };
}

/** Batch norm, ReLU gradient and dropout of ours on `backend` against tfjs, at SwiftShader-sized shapes. */
async function layerKernels(backend: string): Promise<LayerKernelResult> {
  await use(backend);
  const batchNorm: LayerKernelResult['batchNorm'] = [];
  for (const shape of [[2, 3, 5, 7], [3, 5, 5, 33]]) {
    const c = shape[3]!;
    const runLayer = async () => {
      const layer = tf.layers.batchNormalization({ momentum: 0.9 });
      const x = tf.add(tf.randomNormal(shape, 0, 2, 'float32', 1), 3);
      layer.build(x.shape);
      layer.setWeights([tf.randomUniform([c], 0.5, 1.5, 'float32', 2), tf.randomUniform([c], -1, 1, 'float32', 3), tf.zeros([c]), tf.ones([c])]);
      const [gamma, beta] = layer.trainableWeights.map((w) => w.read());
      const w = tf.randomNormal(shape, 0, 1, 'float32', 4);
      const f = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => (void g, void b, tf.sum(tf.mul(layer.apply(xi, { training: true }) as tf.Tensor, w)));
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      const [dx, dGamma, dBeta] = tf.grads(f)([x, gamma!, beta!]);
      const [, , movingMean, movingVariance] = layer.getWeights();
      const out: Record<string, Float32Array> = {};
      for (const [k, t] of Object.entries({ y, dx: dx!, dGamma: dGamma!, dBeta: dBeta!, movingMean: movingMean!, movingVariance: movingVariance! })) out[k] = (await t.data()) as Float32Array;
      return out;
    };
    unregisterConvGradKernels(tf);
    const stock = await runLayer();
    registerConvGradKernels(tf, { backends: [backend] });
    const before = fusedBatchNormCalls();
    const ours = await runLayer();
    const errors = Object.fromEntries(Object.keys(stock).map((k) => [k, relativeError(ours[k]!, stock[k]!)]));
    batchNorm.push({ shape, errors, oursRan: fusedBatchNormCalls() > before });
  }
  const convLayer: LayerKernelResult['convLayer'] = [];
  const convCases = [
    { name: '2x7x7x4 3x3 same relu +bias ->8', shape: [2, 7, 7, 4], kernelSize: 3, filters: 8, padding: 'same' as const, activation: 'relu' as const, useBias: true },
    { name: '2x6x6x3 3x3 valid linear ->5', shape: [2, 6, 6, 3], kernelSize: 3, filters: 5, padding: 'valid' as const, activation: 'linear' as const, useBias: false },
    { name: '1x5x5x8 2x2 same linear +bias ->4', shape: [1, 5, 5, 8], kernelSize: 2, filters: 4, padding: 'same' as const, activation: 'linear' as const, useBias: true },
  ];
  for (const c of convCases) {
    const runConv = async () => {
      const layer = tf.layers.conv2d({ filters: c.filters, kernelSize: c.kernelSize, padding: c.padding, activation: c.activation, useBias: c.useBias });
      const xc = tf.randomNormal(c.shape, 0, 1, 'float32', 11);
      layer.build(xc.shape);
      layer.setWeights(layer.getWeights().map((t, i) => tf.randomNormal(t.shape, 0, 1, 'float32', 12 + i)));
      const weights = layer.trainableWeights.map((t) => t.read());
      const y = layer.apply(xc) as tf.Tensor;
      const probe = tf.randomNormal(y.shape, 0, 1, 'float32', 20);
      const grads = tf.grads((...args: tf.Tensor[]) => (void args, tf.sum(tf.mul(layer.apply(xc) as tf.Tensor, probe))))([xc, ...weights]);
      const out: Record<string, Float32Array> = { y: (await y.data()) as Float32Array };
      for (const [i, g] of grads.entries()) out[['dx', 'dW', 'db'][i]!] = (await g.data()) as Float32Array;
      return out;
    };
    unregisterConvGradKernels(tf);
    const stock = await runConv();
    registerConvGradKernels(tf, { backends: [backend] });
    for (const path of ['stock', 'forward'] as const) {
      setConvInputGradPath(path);
      const before = convLayerCounts();
      const ours = await runConv();
      const after = convLayerCounts();
      const errors = Object.fromEntries(Object.keys(stock).map((k) => [k, relativeError(ours[k]!, stock[k]!)]));
      convLayer.push({ name: c.name, path, errors, oursRan: after.calls > before.calls, forwardRan: after.forwardInputGradients > before.forwardInputGradients });
    }
    setConvInputGradPath('auto');
  }

  const crossEntropy: LayerKernelResult['crossEntropy'] = [];
  for (const c of [
    { name: '37x10 one-hot int32', rows: 37, classes: 10, smoothing: 0, soft: false },
    { name: '64x4 one-hot int32, smoothing 0.1', rows: 64, classes: 4, smoothing: 0.1, soft: false },
    { name: '300x7 soft labels, smoothing 0.1 (rows > one workgroup)', rows: 300, classes: 7, smoothing: 0.1, soft: true },
  ]) {
    const logits = tf.randomNormal([c.rows, c.classes], 0, 3, 'float32', 31);
    const labels = c.soft ? tf.softmax(tf.randomNormal([c.rows, c.classes], 0, 2, 'float32', 32)) : tf.oneHot(tf.randomUniform([c.rows], 0, c.classes, 'int32', 33), c.classes);
    const stockLoss = (l: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, l, undefined, c.smoothing) as tf.Scalar;
    const oursLoss = (l: tf.Tensor) => softmaxCrossEntropy(tf, labels, l, c.smoothing);
    const before = fusedSoftmaxCrossEntropyCalls();
    const [ls, lo, gs, go] = (await Promise.all([stockLoss(logits).data(), oursLoss(logits).data(), tf.grad(stockLoss)(logits).data(), tf.grad(oursLoss)(logits).data()])) as Float32Array[];
    crossEntropy.push({ name: c.name, lossError: relativeError(lo!, ls!), gradError: relativeError(go!, gs!), oursRan: fusedSoftmaxCrossEntropyCalls() > before });
    tf.dispose([logits, labels]);
  }

  const x = tf.concat([tf.randomNormal([1000], 0, 1, 'float32', 5), tf.zeros([24])]);
  const w = tf.randomNormal([1024], 0, 1, 'float32', 6);
  const reluGrad = async () => (await tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.relu(xi), w)))(x).data()) as Float32Array;
  unregisterConvGradKernels(tf);
  const reluStock = await reluGrad();
  registerConvGradKernels(tf, { backends: [backend] });
  const reluGradRelativeError = relativeError(await reluGrad(), reluStock);

  const rate = 0.3;
  const layer = tf.layers.dropout({ rate, seed: 5 });
  const ones = tf.ones([64, 512]);
  const weights = tf.randomNormal([64, 512], 0, 1, 'float32', 7);
  const before = gpuDropoutCalls();
  let y: tf.Tensor | undefined;
  const dx = tf.grad((xi: tf.Tensor) => {
    y = tf.keep(layer.apply(xi, { training: true }) as tf.Tensor);
    return tf.sum(tf.mul(y, weights));
  })(ones);
  const y2 = layer.apply(ones, { training: true }) as tf.Tensor;
  const [yv, y2v, dxv, wv] = (await Promise.all([y!.data(), y2.data(), dx.data(), weights.data()])) as Float32Array[];
  let dropped = 0;
  let agree = 0;
  let gradientMaxError = 0;
  let keptScaled = true;
  for (let i = 0; i < yv!.length; i++) {
    if (yv![i] === 0) dropped++;
    else if (Math.abs(yv![i]! - 1 / (1 - rate)) > 1e-6) keptScaled = false;
    if ((yv![i] === 0) === (y2v![i] === 0)) agree++;
    gradientMaxError = Math.max(gradientMaxError, Math.abs(dxv![i]! - wv![i]! * yv![i]!));
  }
  const dropout = { rate, calls: gpuDropoutCalls() - before, dropped: dropped / yv!.length, keptScaled, maskAgreement: agree / yv!.length, gradientMaxError };
  tf.dispose([x, w, ones, weights, y!, y2, dx]);
  unregisterConvGradKernels(tf);
  return { batchNorm, convLayer, crossEntropy, reluGradRelativeError, dropout };
}

const harness = { gradients, train, adam, layerKernels, wasmStatus, backends: () => tf.engine().backendNames() };
export type KernelsHarness = typeof harness;

registerWasmBackend(tf);
(window as unknown as { kernelsHarness: KernelsHarness }).kernelsHarness = harness;
document.getElementById('status')!.textContent = 'ready';
