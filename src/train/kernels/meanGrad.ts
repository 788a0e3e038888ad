// Mean's gradient without a full-size `ones` tensor. tfjs 4.22 computes it as
// div(mul(reshape(dy), ones(x.shape)), n): `ones` is filled on the CPU and uploaded every step. On a
// real GPU (H100, Node + Dawn) those uploads (one per batch-norm moment and per global pooling,
// activation-sized: 32 MB for a 256x32x32x32 layer) were the largest CPU cost of the deeper CNN's
// step. Here: broadcastTo(div(reshape(dy), n), x.shape), the same float32 values (dy * 1 / n rounds
// as dy / n does), computed on the device from the small reduced tensor.
// Sum's gradient has the same shape, mul(reshape(dy), ones(x.shape)): one more upload per step
// (the loss's sum over the batch); ours is broadcastTo(reshape(dy), x.shape), equal values.

import type * as tfCore from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';

export type TfGrad = Pick<typeof tfCore, 'getGradient' | 'registerGradient' | 'reshape' | 'div' | 'broadcastTo' | 'backend_util' | 'util'>;

const MEAN = 'Mean';
const SUM = 'Sum';
let stockMeanGrad: GradConfig | undefined;
let stockSumGrad: GradConfig | undefined;

/** x's shape with the reduced axes set to 1, as a reduction's dy is reshaped before broadcasting. */
function expandedShape(tf: TfGrad, shape: number[], axis: number | number[]): { axes: number[]; expanded: number[] } {
  const axes = tf.util.parseAxisParam(axis, shape);
  const expanded = shape.slice();
  for (const a of axes) expanded[a] = 1;
  return { axes, expanded };
}

/** Installs ours over tfjs's Mean and Sum gradients (idempotent); the stock ones are kept for restoreMeanGradient. */
export function installMeanGradient(tf: TfGrad): void {
  if (!stockSumGrad) {
    stockSumGrad = tf.getGradient(SUM);
    if (stockSumGrad) {
      tf.registerGradient({
        kernelName: SUM,
        inputsToSave: ['x'],
        gradFunc: (dy, saved, attrs) => {
          const [x] = saved as Tensor[];
          // tfjs's gradient casts to float32 through its ones; other dtypes keep it.
          if (x!.dtype !== 'float32') return stockSumGrad!.gradFunc(dy, saved, attrs);
          const { expanded } = expandedShape(tf, x!.shape, (attrs as { axis: number | number[] }).axis);
          return { x: () => tf.broadcastTo(tf.reshape(dy as Tensor, expanded), x!.shape) };
        },
      });
    }
  }
  if (stockMeanGrad) return;
  stockMeanGrad = tf.getGradient(MEAN);
  if (!stockMeanGrad) return;
  tf.registerGradient({
    kernelName: MEAN,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Tensor[];
      const shape = x!.shape;
      const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, shape);
      const [, reduceShape] = tf.backend_util.computeOutAndReduceShapes(shape, axes);
      const reduceSize = tf.util.sizeFromShape(reduceShape);
      const expandedShape = shape.slice();
      for (const axis of axes) expandedShape[axis] = 1;
      return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as Tensor, expandedShape), reduceSize), shape) };
    },
  });
}

/** Puts tfjs's Mean and Sum gradients back. */
export function restoreMeanGradient(tf: TfGrad): void {
  if (stockSumGrad) {
    tf.registerGradient(stockSumGrad);
    stockSumGrad = undefined;
  }
  if (!stockMeanGrad) return;
  tf.registerGradient(stockMeanGrad);
  stockMeanGrad = undefined;
}
