// Batch normalisation in training mode as one differentiable op: the forward pass gives the
// normalised output and the batch moments, the backward pass the gradients for x, scale (gamma) and
// offset (beta) in closed form. tfjs-layers' BatchNormalization builds it from tf.moments +
// tf.batchNorm, whose gradients tfjs composes from ~30 small kernels per layer; with the moving
// averages that is most of the deeper CNN's ~430 dispatches per step (bench/gpu/README.md).
//
// On WebGPU the op runs our WGSL kernels (webgpuBatchNorm.ts); elsewhere the same math in tfjs ops,
// which is what the unit tests compare with the stock layer on the CPU backend.
// `installFusedBatchNorm` puts the op under every BatchNormalization layer's training call (the
// layer class is tfjs's own, so saved models and checkpoints are unchanged); inference is untouched.

import type * as tfTypes from '@tensorflow/tfjs';
import type { GradSaveFunc, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

import { BN_APPLY, BN_GRAD_INPUT, BN_GRAD_SUM, BN_MOVING, BN_STATS, WEBGPU_BATCH_NORM_KERNELS } from './webgpuBatchNorm.js';

/** The parts of tfjs (core and layers) the op and the layer patch use. */
export type TfBatchNorm = Pick<
  typeof tfTypes,
  | 'customGrad'
  | 'engine'
  | 'tidy'
  | 'keep'
  | 'getBackend'
  | 'getKernel'
  | 'registerKernel'
  | 'layers'
  | 'mean'
  | 'sub'
  | 'mul'
  | 'add'
  | 'div'
  | 'square'
  | 'sum'
  | 'rsqrt'
  | 'stack'
  | 'reshape'
  | 'batchNorm'
  | 'unstack'
  | 'scalar'
>;

export interface BatchNormTrainResult {
  y: Tensor;
  /** [2, C]: the batch mean and (biased) variance per channel, as tf.moments gives them. */
  stats: Tensor2D;
}

function onWebGpu(tf: TfBatchNorm): boolean {
  return tf.getBackend() === 'webgpu' && tf.getKernel(BN_STATS, 'webgpu') !== undefined;
}

/** Registers the WGSL kernels on webgpu (once); a no-op where the webgpu backend is not imported. */
export function ensureBatchNormKernels(tf: TfBatchNorm): void {
  if (tf.getKernel(BN_STATS, 'webgpu')) return;
  for (const { kernelName, kernelFunc } of WEBGPU_BATCH_NORM_KERNELS) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
}

/** Axes 0..rank-2 of x: every axis but the channels (last). */
function reductionAxes(x: Tensor): number[] {
  return x.shape.slice(0, -1).map((_, i) => i);
}

function forward(tf: TfBatchNorm, x: Tensor, scale: Tensor, offset: Tensor, varianceEpsilon: number): BatchNormTrainResult {
  if (onWebGpu(tf)) {
    const engine = tf.engine();
    const stats = engine.runKernel(BN_STATS, { x }) as Tensor2D;
    const y = engine.runKernel(BN_APPLY, { x, stats, scale, offset }, { varianceEpsilon } as never) as Tensor;
    return { y, stats };
  }
  // tfjs-layers' own arithmetic: tf.moments, then tf.batchNorm.
  const axes = reductionAxes(x);
  const mean = tf.mean(x, axes);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), axes);
  const y = tf.batchNorm(x, mean, variance, offset, scale, varianceEpsilon);
  return { y, stats: tf.stack([mean, variance]) as Tensor2D };
}

/**
 * dx = scale·rstd/M · (M·dy − Σdy − x̂·Σdy·x̂), dscale = Σdy·x̂, doffset = Σdy, with x̂ = (x − mean)·rstd,
 * rstd = 1/sqrt(var + eps) and M the number of values per channel: the gradient of
 * batchNorm(x, mean(x), var(x), offset, scale) through all of its uses of x.
 */
function backward(tf: TfBatchNorm, dy: Tensor, x: Tensor, scale: Tensor, stats: Tensor2D, varianceEpsilon: number): [Tensor, Tensor, Tensor] {
  if (onWebGpu(tf)) {
    const engine = tf.engine();
    const [sumDy, sumDyXhat] = engine.runKernel(BN_GRAD_SUM, { dy, x, stats }, { varianceEpsilon } as never) as Tensor[];
    const dx = engine.runKernel(BN_GRAD_INPUT, { dy, x, stats, scale, sumDy: sumDy!, sumDyXhat: sumDyXhat! }, { varianceEpsilon } as never) as Tensor;
    return [dx, sumDyXhat!, sumDy!];
  }
  const axes = reductionAxes(x);
  const count = x.size / (x.shape[x.shape.length - 1] ?? 1);
  const [mean, variance] = tf.unstack(stats) as [Tensor1D, Tensor1D];
  const rstd = tf.rsqrt(tf.add(variance, varianceEpsilon));
  const xhat = tf.mul(tf.sub(x, mean), rstd);
  const sumDy = tf.sum(dy, axes);
  const sumDyXhat = tf.sum(tf.mul(dy, xhat), axes);
  const centred = tf.sub(dy, tf.div(tf.add(sumDy, tf.mul(xhat, sumDyXhat)), count));
  const dx = tf.mul(tf.mul(scale, rstd), centred);
  return [dx, sumDyXhat, sumDy];
}

/**
 * Normalises x (channels last) by its batch moments, scales and offsets it: tfjs-layers'
 * normalizeBatchInTraining as one differentiable op. Returns the batch moments too (not
 * differentiated), for the moving averages; the caller disposes `stats`.
 */
export function batchNormTrain(tf: TfBatchNorm, x: Tensor, scale: Tensor, offset: Tensor, varianceEpsilon: number): BatchNormTrainResult {
  let stats: Tensor2D | undefined;
  const op = tf.customGrad((xIn, scaleIn, offsetIn, save) => {
    const out = forward(tf, xIn as Tensor, scaleIn as Tensor, offsetIn as Tensor, varianceEpsilon);
    // Kept past customGrad's tidy for the caller; the gradient gets its own saved copy.
    stats = tf.keep(out.stats);
    (save as GradSaveFunc)([xIn as Tensor, scaleIn as Tensor, out.stats]);
    return {
      value: out.y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xSaved, scaleSaved, statsSaved] = saved as [Tensor, Tensor, Tensor2D];
        return backward(tf, dy, xSaved, scaleSaved, statsSaved, varianceEpsilon);
      },
    };
  });
  const y = op(x, scale, offset);
  if (!stats) throw new Error('batchNormTrain: the forward pass gave no statistics');
  return { y, stats };
}

/** tfjs-layers' moving-average update: moving - (moving - value) * (1 - momentum), value = stats[row]. */
export function movingAverage(tf: TfBatchNorm, moving: Tensor, stats: Tensor2D, row: 0 | 1, momentum: number): Tensor {
  if (onWebGpu(tf)) return tf.engine().runKernel(BN_MOVING, { moving, stats }, { row, momentum } as never) as Tensor;
  const value = tf.unstack(stats)[row]!;
  return tf.sub(moving, tf.mul(tf.sub(moving, value), tf.scalar(1 - momentum)));
}
