// Our Conv2DBackpropFilter against tfjs's stock CPU kernel for every shape class our presets use,
// the off switch, the fallback, and short training runs on CPU and on WASM (which has no stock kernel).
import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered by @tensorflow/tfjs; tfjs-core alone needs this import.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  CONV2D_BACKPROP_FILTER,
  canTrainConvolutions,
  convGradCounts,
  convGradKernelsActive,
  registerConvGradKernels,
  unregisterConvGradKernels,
} from './index.js';

/**
 * ||ours - stock|| / ||stock|| allowed for one gradient. Both sum the same float32 products, in a
 * different order; over a few thousand terms that differs by ~1e-7 relative, so 1e-5 has headroom.
 */
const GRAD_RELATIVE_TOLERANCE = 1e-5;
/** Per-step loss difference allowed between runs with and without ours (same seeds, same data). */
const LOSS_RELATIVE_TOLERANCE = 1e-4;
const TRAIN_STEPS = 8;

type Pad = 'same' | 'valid';
interface ShapeCase {
  name: string;
  x: [number, number, number, number];
  filter: number;
  outChannels: number;
  stride: number;
  pad: Pad;
}

/** Every class we claim: 1x1/3x3, stride 1/2, same/valid; odd sizes catch off-by-one edges. */
const CASES: ShapeCase[] = [];
for (const filter of [1, 3]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      CASES.push({ name: `${filter}x${filter} stride ${stride} ${pad}, even`, x: [2, 8, 8, 3], filter, outChannels: 5, stride, pad });
      CASES.push({ name: `${filter}x${filter} stride ${stride} ${pad}, odd`, x: [3, 7, 9, 4], filter, outChannels: 6, stride, pad });
    }
  }
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

function filterGrad(c: ShapeCase, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor {
  return tf.engine().runKernel(CONV2D_BACKPROP_FILTER, { x, dy }, {
    strides: [c.stride, c.stride],
    pad: c.pad,
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
    filterShape: [c.filter, c.filter, c.x[3], c.outChannels],
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function inputsFor(c: ShapeCase, seed: number): { x: tf.Tensor4D; dy: tf.Tensor4D } {
  const x = tf.randomNormal(c.x, 0, 1, 'float32', seed) as tf.Tensor4D;
  // The output shape comes from running the convolution forward.
  const y = tf.conv2d(x, tf.zeros([c.filter, c.filter, c.x[3], c.outChannels]) as tf.Tensor4D, c.stride, c.pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', seed + 1) as tf.Tensor4D;
  return { x, dy };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  unregisterConvGradKernels(tf);
});

describe('Conv2DBackpropFilter by taps, against the stock CPU kernel', () => {
  it.each(CASES)('$name', { timeout: 30_000 }, async (c) => {
    await tf.setBackend('cpu');
    const { x, dy } = inputsFor(c, 7);
    const stock = await filterGrad(c, x, dy).data();
    const before = convGradCounts().ours;
    registerConvGradKernels(tf, { backends: ['cpu'] });
    const ours = filterGrad(c, x, dy);
    expect(ours.shape).toEqual([c.filter, c.filter, c.x[3], c.outChannels]);
    expect(convGradCounts().ours).toBe(before + 1);
    expect(relativeError((await ours.data()) as Float32Array, stock as Float32Array)).toBeLessThan(GRAD_RELATIVE_TOLERANCE);
    tf.dispose([x, dy, ours]);
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    registerConvGradKernels(tf, { backends: ['cpu'] });
    const c = CASES[5]!;
    const { x, dy } = inputsFor(c, 3);
    filterGrad(c, x, dy).dispose();
    const tensors = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    filterGrad(c, x, dy).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, dy]);
  });

  it('hands shapes it does not cover (5x5, explicit padding) to the stock kernel', async () => {
    await tf.setBackend('cpu');
    registerConvGradKernels(tf, { backends: ['cpu'] });
    const c: ShapeCase = { name: '5x5', x: [2, 9, 9, 2], filter: 5, outChannels: 3, stride: 1, pad: 'same' };
    const { x, dy } = inputsFor(c, 11);
    const before = convGradCounts();
    filterGrad(c, x, dy).dispose();
    expect(convGradCounts()).toEqual({ ...before, stock: before.stock + 1 });
    tf.dispose([x, dy]);
  });

  it('switches off: enabled false restores the stock kernel', () => {
    const stock = tf.getKernel(CONV2D_BACKPROP_FILTER, 'cpu');
    const { registered } = registerConvGradKernels(tf, { backends: ['cpu'] });
    expect(registered).toEqual(['cpu/Conv2DBackpropFilter']);
    expect(convGradKernelsActive('cpu')).toBe(true);
    expect(tf.getKernel(CONV2D_BACKPROP_FILTER, 'cpu')).not.toBe(stock);
    registerConvGradKernels(tf, { backends: ['cpu'], enabled: false });
    expect(convGradKernelsActive('cpu')).toBe(false);
    expect(tf.getKernel(CONV2D_BACKPROP_FILTER, 'cpu')).toBe(stock);
  });

  it('skips backends whose package is not imported', () => {
    const { registered, skipped } = registerConvGradKernels(tf, { backends: ['webgpu'] });
    expect(registered).toEqual([]);
    expect(skipped[0]?.backend).toBe('webgpu');
  });
});

/** A small CNN in plain ops: conv3x3 same, maxpool, conv3x3 stride 2 valid, conv1x1, mean, dense. */
function makeModel(seed: number): { vars: tf.Variable[]; loss: (x: tf.Tensor4D, labels: tf.Tensor2D) => tf.Scalar } {
  const init = (shape: number[], s: number) => tf.variable(tf.randomNormal(shape, 0, 0.3, 'float32', seed + s));
  const w1 = init([3, 3, 3, 8], 1);
  const w2 = init([3, 3, 8, 12], 2);
  const w3 = init([1, 1, 12, 16], 3);
  const wd = init([16, 4], 4);
  const loss = (x: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar => {
    let h: tf.Tensor4D = tf.relu(tf.conv2d(x, w1 as tf.Variable<tf.Rank.R4>, 1, 'same'));
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.relu(tf.conv2d(h, w2 as tf.Variable<tf.Rank.R4>, 2, 'valid'));
    h = tf.relu(tf.conv2d(h, w3 as tf.Variable<tf.Rank.R4>, 1, 'same'));
    const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
    return tf.losses.softmaxCrossEntropy(labels, tf.matMul(pooled, wd as tf.Variable<tf.Rank.R2>)) as tf.Scalar;
  };
  return { vars: [w1, w2, w3, wd], loss };
}

async function lossCurve(): Promise<number[]> {
  const { vars, loss } = makeModel(100);
  const optimizer = tf.train.adam(0.01);
  const x = tf.randomNormal([16, 12, 12, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4) as tf.Tensor2D;
  const losses: number[] = [];
  for (let step = 0; step < TRAIN_STEPS; step++) {
    const cost = optimizer.minimize(() => loss(x, labels), true, vars);
    losses.push((await cost!.data())[0]!);
    cost!.dispose();
  }
  optimizer.dispose();
  tf.dispose([...vars, x, labels]);
  return losses;
}

function expectSameCurve(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!) / Math.abs(expected[i]!)).toBeLessThan(LOSS_RELATIVE_TOLERANCE));
  // And it is learning: the last loss is below the first.
  expect(actual[actual.length - 1]!).toBeLessThan(actual[0]!);
}

describe('training a small CNN', () => {
  it('gives the same loss curve on CPU with and without ours', { timeout: 60_000 }, async () => {
    await tf.setBackend('cpu');
    const stock = await lossCurve();
    registerConvGradKernels(tf, { backends: ['cpu'] });
    const before = convGradCounts().ours;
    const ours = await lossCurve();
    expect(convGradCounts().ours - before).toBe(3 * TRAIN_STEPS);
    expectSameCurve(ours, stock);
  });

  it('trains on WASM only with ours, with the loss curve of the CPU', { timeout: 60_000 }, async () => {
    await tf.setBackend('cpu');
    const reference = await lossCurve();
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(canTrainConvolutions(tf, 'wasm')).toBe(false);
    await expect(lossCurve()).rejects.toThrow(/Conv2DBackpropFilter/);
    const { registered } = registerConvGradKernels(tf);
    expect(registered).toContain('wasm/Conv2DBackpropFilter');
    expect(canTrainConvolutions(tf, 'wasm')).toBe(true);
    expectSameCurve(await lossCurve(), reference);
    unregisterConvGradKernels(tf);
    expect(canTrainConvolutions(tf, 'wasm')).toBe(false);
    await tf.setBackend('cpu');
  });
});
