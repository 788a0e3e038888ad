// The fused batch-norm training op against tfjs-layers' stock BatchNormalization on the CPU backend:
// same output, same moving averages, same gradients for x, gamma and beta, and the same losses over
// a few Adam steps of a conv + batch-norm net. (The WGSL kernels are checked against this op in
// e2e/kernels.spec.ts, on WebGPU.)
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fusedBatchNormActive, fusedBatchNormCalls, registerConvGradKernels, unregisterConvGradKernels } from './index.js';

/**
 * ||ours - stock|| / ||stock|| allowed. The closed-form gradient sums the same products as tfjs's
 * chain of ops in a different order (float32: ~1e-7 relative per sum over hundreds of terms).
 */
const RELATIVE_TOLERANCE = 1e-4;
const TRAIN_STEPS = 5;

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Number.MIN_VALUE);
}

interface Run {
  y: Float32Array;
  grads: Record<'x' | 'gamma' | 'beta', Float32Array>;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

/** One training-mode call of a fresh BatchNormalization layer with non-trivial gamma/beta, and the gradients of sum(y * w). */
async function runLayer(shape: number[], seed: number): Promise<Run> {
  const channels = shape[shape.length - 1]!;
  const layer = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
  // A large mean against the spread: where a naive one-pass variance would lose digits.
  const x = tf.add(tf.randomNormal(shape, 0, 2, 'float32', seed), 5);
  layer.build(x.shape);
  layer.setWeights([
    tf.randomUniform([channels], 0.5, 1.5, 'float32', seed + 1),
    tf.randomUniform([channels], -1, 1, 'float32', seed + 2),
    tf.zeros([channels]),
    tf.ones([channels]),
  ]);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const weights = tf.randomNormal(shape, 0, 1, 'float32', seed + 3);
  let y: tf.Tensor | undefined;
  const f = (xIn: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar => {
    void g;
    void b;
    y = tf.keep(layer.apply(xIn, { training: true }) as tf.Tensor);
    return tf.sum(tf.mul(y, weights));
  };
  const [dx, dGamma, dBeta] = tf.grads(f)([x, gamma!, beta!]);
  const [, , movingMean, movingVariance] = layer.getWeights();
  return {
    y: (await y!.data()) as Float32Array,
    grads: { x: (await dx!.data()) as Float32Array, gamma: (await dGamma!.data()) as Float32Array, beta: (await dBeta!.data()) as Float32Array },
    movingMean: (await movingMean!.data()) as Float32Array,
    movingVariance: (await movingVariance!.data()) as Float32Array,
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  unregisterConvGradKernels(tf);
});

describe('fused batch norm (training) against the stock layer, CPU', () => {
  it.each([
    { name: 'NHWC 4x5x3x6', shape: [4, 5, 3, 6] },
    { name: 'NHWC 3x2x1x3 (six values per channel)', shape: [3, 2, 1, 3] },
    { name: 'dense 7x4', shape: [7, 4] },
  ])('$name: output, moving averages and gradients', async ({ shape }) => {
    const stock = await runLayer(shape, 11);
    registerConvGradKernels(tf, { backends: ['cpu'], batchNormBackends: ['cpu'] });
    expect(fusedBatchNormActive('cpu')).toBe(true);
    const before = fusedBatchNormCalls();
    const ours = await runLayer(shape, 11);
    expect(fusedBatchNormCalls()).toBeGreaterThan(before);
    expect(relativeError(ours.y, stock.y)).toBeLessThan(RELATIVE_TOLERANCE);
    expect(relativeError(ours.movingMean, stock.movingMean)).toBeLessThan(RELATIVE_TOLERANCE);
    expect(relativeError(ours.movingVariance, stock.movingVariance)).toBeLessThan(RELATIVE_TOLERANCE);
    for (const key of ['x', 'gamma', 'beta'] as const) {
      expect(relativeError(ours.grads[key], stock.grads[key]), key).toBeLessThan(RELATIVE_TOLERANCE);
    }
  });

  it('inference and the switch-off use the stock call', async () => {
    registerConvGradKernels(tf, { backends: ['cpu'], batchNormBackends: ['cpu'] });
    const layer = tf.layers.batchNormalization();
    const x = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 3);
    const before = fusedBatchNormCalls();
    layer.apply(x, { training: false });
    expect(fusedBatchNormCalls()).toBe(before);
    unregisterConvGradKernels(tf);
    expect(fusedBatchNormActive('cpu')).toBe(false);
    layer.apply(x, { training: true });
    expect(fusedBatchNormCalls()).toBe(before);
  });

  it('a conv + batch-norm net trains to the same losses with ours', async () => {
    const losses = async (): Promise<number[]> => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
          tf.layers.batchNormalization(),
          tf.layers.activation({ activation: 'relu' }),
          tf.layers.globalAveragePooling2d({}),
          tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      const optimizer = tf.train.adam(1e-2);
      const x = tf.randomNormal([8, 6, 6, 3], 0, 1, 'float32', 5);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
      const out: number[] = [];
      for (let i = 0; i < TRAIN_STEPS; i++) {
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor), true)!;
        out.push((await loss.data())[0]!);
      }
      return out;
    };
    const stock = await losses();
    registerConvGradKernels(tf, { backends: ['cpu'], batchNormBackends: ['cpu'] });
    const ours = await losses();
    expect(relativeError(ours, stock)).toBeLessThan(RELATIVE_TOLERANCE);
    // The losses move: the net really trained.
    expect(stock[TRAIN_STEPS - 1]).not.toBeCloseTo(stock[0]!, 3);
  });
});
