// Conv2D's call through our FusedConv2D gradient (convLayer.ts) against tfjs-layers' stock call on
// the CPU backend: the same output and the same gradients for x, kernel and bias over random
// layer shapes, strides, paddings and activations, with the input gradient from tfjs's kernel and
// from the forward convolution with the flipped filter; and in a model, the first convolution's input
// gradient is no longer computed (one Conv2DBackpropInput fewer per step) while the weights'
// gradients stay the same. (On WebGPU, e2e/kernels.spec.ts trains through it.)
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { convLayerActive, convLayerCounts, installConvLayer, setConvInputGradPath, uninstallConvLayer, type TfConvLayer } from './convLayer.js';

/** Same kernels, same order of sums for what is computed: only float32 rounding of the bias sum. */
const RELATIVE_TOLERANCE = 1e-5;

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Number.MIN_VALUE);
}

interface LayerCase {
  batch: number;
  size: number;
  inChannels: number;
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
  activation: 'linear' | 'relu';
  useBias: boolean;
  seed: number;
}

/** The output of one Conv2D layer and the gradients of sum(y * w) for x and each weight. */
function runLayer(c: LayerCase): Float32Array[] {
  return tf.tidy(() => {
    const layer = tf.layers.conv2d({ filters: c.filters, kernelSize: c.kernelSize, strides: c.strides, padding: c.padding, activation: c.activation, useBias: c.useBias });
    const x = tf.randomNormal([c.batch, c.size, c.size, c.inChannels], 0, 1, 'float32', c.seed);
    layer.build(x.shape);
    // A non-zero bias, so ReLU's mask and the bias both matter.
    layer.setWeights(layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 1, 'float32', c.seed + 1 + i)));
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const y = layer.apply(x) as tf.Tensor;
    const probe = tf.randomNormal(y.shape, 0, 1, 'float32', c.seed + 9);
    const f = (...args: tf.Tensor[]): tf.Scalar => {
      void args;
      return tf.sum(tf.mul(layer.apply(x) as tf.Tensor, probe));
    };
    const grads = tf.grads(f)([x, ...weights]);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  uninstallConvLayer();
  setConvInputGradPath('auto');
});

const layerCase: fc.Arbitrary<LayerCase> = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  size: fc.integer({ min: 3, max: 7 }),
  inChannels: fc.integer({ min: 1, max: 5 }),
  filters: fc.integer({ min: 1, max: 6 }),
  kernelSize: fc.integer({ min: 1, max: 3 }),
  strides: fc.integer({ min: 1, max: 2 }),
  padding: fc.constantFrom('same' as const, 'valid' as const),
  activation: fc.constantFrom('linear' as const, 'relu' as const),
  useBias: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
});

describe('Conv2D through our FusedConv2D gradient, against the stock call (CPU)', () => {
  it('same output and gradients for x, kernel and bias, any shape, stride, padding, activation', () => {
    fc.assert(
      fc.property(layerCase, (c) => {
        uninstallConvLayer();
        const stock = runLayer(c);
        installConvLayer(tf as unknown as TfConvLayer, ['cpu']);
        // 'stock': tfjs's Conv2DBackpropInput; 'forward': dy convolved with the flipped filter (stride 1).
        for (const path of ['stock', 'forward'] as const) {
          setConvInputGradPath(path);
          const before = convLayerCounts();
          const ours = runLayer(c);
          const after = convLayerCounts();
          expect(after.calls).toBeGreaterThan(before.calls);
          expect(after.forwardInputGradients > before.forwardInputGradients).toBe(path === 'forward' && c.strides === 1);
          expect(ours.length).toBe(stock.length);
          ours.forEach((values, i) => expect(relativeError(values, stock[i]!), `${path}: output ${i}`).toBeLessThan(RELATIVE_TOLERANCE));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a model's first convolution computes no input gradient; the weights' gradients are unchanged", async () => {
    const weightGrads = async (): Promise<{ grads: Float32Array[]; backpropInputs: number }> => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
          tf.layers.activation({ activation: 'relu' }),
          tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 2 }) }),
          tf.layers.globalAveragePooling2d({}),
          tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        ],
      });
      const x = tf.randomNormal([4, 6, 6, 3], 0, 1, 'float32', 5);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3);
      let grads: Float32Array[] = [];
      const profile = await tf.profile(() => {
        const { grads: byName } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor));
        grads = model.trainableWeights.map((w) => byName[w.originalName]!.dataSync() as Float32Array);
      });
      model.dispose();
      return { grads, backpropInputs: profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length };
    };
    const stock = await weightGrads();
    installConvLayer(tf as unknown as TfConvLayer, ['cpu']);
    expect(convLayerActive('cpu')).toBe(true);
    const before = convLayerCounts().inputGradients;
    const ours = await weightGrads();
    expect(stock.backpropInputs).toBe(2);
    expect(ours.backpropInputs).toBe(1);
    expect(convLayerCounts().inputGradients - before).toBe(1);
    expect(ours.grads.length).toBe(stock.grads.length);
    ours.grads.forEach((g, i) => expect(relativeError(g, stock.grads[i]!), `weight ${i}`).toBeLessThan(RELATIVE_TOLERANCE));
  });

  it('the stock call serves other backends and comes back on uninstall', () => {
    installConvLayer(tf as unknown as TfConvLayer, ['webgpu']);
    const layer = tf.layers.conv2d({ filters: 2, kernelSize: 3 });
    const before = convLayerCounts().calls;
    tf.dispose(layer.apply(tf.ones([1, 4, 4, 1])) as tf.Tensor);
    expect(convLayerCounts().calls).toBe(before);
    uninstallConvLayer();
    expect(convLayerActive('webgpu')).toBe(false);
  });
});
