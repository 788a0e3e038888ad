// Mean's gradient without a full-size `ones` tensor. tfjs 4.22 computes it as
// div(mul(reshape(dy), ones(x.shape)), n): `ones` is filled on the CPU and uploaded every step. On a
// real GPU (H100, Node + Dawn) those uploads (one per batch-norm moment and per global pooling,
// activation-sized: 32 MB for a 256x32x32x32 layer) were the largest CPU cost of the deeper CNN's
// step. Here: broadcastTo(div(reshape(dy), n), x.shape), the same float32 values (dy * 1 / n rounds
// as dy / n does), computed on the device from the small reduced tensor.

import type * as tfCore from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';

export type TfGrad = Pick<typeof tfCore, 'getGradient' | 'registerGradient' | 'reshape' | 'div' | 'broadcastTo' | 'backend_util' | 'util'>;

const MEAN = 'Mean';
let stockMeanGrad: GradConfig | undefined;

/** Installs ours over tfjs's Mean gradient (idempotent); the stock one is kept for restoreMeanGradient. */
export function installMeanGradient(tf: TfGrad): void {
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

/** Puts tfjs's Mean gradient back. */
export function restoreMeanGradient(tf: TfGrad): void {
  if (!stockMeanGrad) return;
  tf.registerGradient(stockMeanGrad);
  stockMeanGrad = undefined;
}
