// Segmentation's loss and metrics: per-pixel softmax cross-entropy (optionally plus soft Dice)
// over the pixels that have a label (IGNORE_INDEX pixels count for nothing), and the confusion
// matrix of argmax predictions from which per-class IoU, mean IoU and pixel accuracy follow.
import type * as tfTypes from '@tensorflow/tfjs';
import { IGNORE_INDEX } from '../pipeline/index.js';

type Tf = typeof tfTypes;

/** Added to Dice's numerator and denominator so an absent class (0 / 0) scores 1, not NaN (the usual smoothing of 1). */
const DICE_SMOOTH = 1;

export interface SegmentationLossOptions {
  /** Weight of the soft Dice term added to the cross-entropy (0: cross-entropy only). */
  diceWeight?: number;
}

/** Labels as int32 [N, H, W] with the ignored pixels set to class 0, and the valid-pixel weights [N, H, W]. */
function labelsAndValid(tf: Tf, masks: tfTypes.Tensor): { labels: tfTypes.Tensor; valid: tfTypes.Tensor } {
  const m = masks.toInt();
  const validBool = tf.notEqual(m, tf.scalar(IGNORE_INDEX, 'int32'));
  return { labels: tf.where(validBool, m, tf.zerosLike(m)), valid: validBool.toFloat() };
}

/**
 * Mean cross-entropy over labelled pixels of logits [N, H, W, C] against masks [N, H, W] (class
 * indices, IGNORE_INDEX = no label), plus `diceWeight` x (1 - mean soft Dice over classes).
 */
export function segmentationLoss(tf: Tf, logits: tfTypes.Tensor4D, masks: tfTypes.Tensor3D, options: SegmentationLossOptions = {}): tfTypes.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[3];
    const { labels, valid } = labelsAndValid(tf, masks);
    const oneHot = tf.oneHot(labels.flatten(), classes).reshape(logits.shape).mul(valid.expandDims(-1));
    const logProbs = tf.logSoftmax(logits);
    const count = tf.maximum(valid.sum(), tf.scalar(1));
    let loss = tf.neg(oneHot.mul(logProbs).sum()).div(count) as tfTypes.Scalar;
    const diceWeight = options.diceWeight ?? 0;
    if (diceWeight > 0) {
      const probs = tf.softmax(logits).mul(valid.expandDims(-1));
      const inter = probs.mul(oneHot).sum([0, 1, 2]);
      const denom = probs.sum([0, 1, 2]).add(oneHot.sum([0, 1, 2]));
      const dice = inter.mul(2).add(DICE_SMOOTH).div(denom.add(DICE_SMOOTH)).mean();
      loss = loss.add(tf.scalar(1).sub(dice).mul(diceWeight)) as tfTypes.Scalar;
    }
    return loss;
  });
}

/** Confusion matrix [C, C] (row = true class, column = predicted) over the labelled pixels, as a float tensor (read it with await data()). */
export function confusionOf(tf: Tf, logits: tfTypes.Tensor4D, masks: tfTypes.Tensor3D): tfTypes.Tensor2D {
  return tf.tidy(() => {
    const classes = logits.shape[3];
    const { labels, valid } = labelsAndValid(tf, masks);
    const truth = tf.oneHot(labels.flatten(), classes).toFloat().mul(valid.flatten().expandDims(-1));
    const predicted = tf.oneHot(logits.argMax(-1).flatten(), classes).toFloat();
    return tf.matMul(truth, predicted, true, false) as tfTypes.Tensor2D;
  });
}

export interface SegmentationMetrics {
  /** Per class: TP / (TP + FP + FN); null for a class neither in the masks nor predicted. */
  iou: (number | null)[];
  /** Mean over the classes with an IoU. */
  meanIou: number;
  /** Labelled pixels predicted right, over labelled pixels. */
  pixelAccuracy: number;
  /** Labelled pixels counted. */
  pixels: number;
}

/** Metrics from a confusion matrix given row by row (C x C values, row = true class). */
export function metricsFromConfusion(confusion: ArrayLike<number>, classes: number): SegmentationMetrics {
  if (confusion.length !== classes * classes) throw new Error(`confusion matrix has ${confusion.length} values, expected ${classes} x ${classes}`);
  const at = (r: number, c: number) => confusion[r * classes + c]!;
  let total = 0;
  let right = 0;
  const iou: (number | null)[] = [];
  for (let k = 0; k < classes; k++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < classes; j++) {
      row += at(k, j);
      col += at(j, k);
      total += at(k, j);
    }
    const tp = at(k, k);
    right += tp;
    const union = row + col - tp;
    iou.push(union > 0 ? tp / union : null);
  }
  const present = iou.filter((v): v is number => v !== null);
  return {
    iou,
    meanIou: present.length ? present.reduce((a, b) => a + b, 0) / present.length : 0,
    pixelAccuracy: total > 0 ? right / total : 0,
    pixels: total,
  };
}

/** One training step's loss and "correct" count for a batch with masks: the loss, and pixel accuracy x batch size. Call inside a tidy (minimize's closure is one). */
export function segmentationObjective(tf: Tf, logits: tfTypes.Tensor4D, masks: Uint8Array, size: number, diceWeight: number): { loss: tfTypes.Scalar; correct: tfTypes.Scalar } {
  const [, height, width] = logits.shape;
  const m = tf.tensor3d(masks, [size, height, width], 'int32');
  const loss = segmentationLoss(tf, logits, m, { diceWeight });
  const correct = tf.tidy(() => {
    const { labels, valid } = labelsAndValid(tf, m);
    const right = tf.equal(logits.argMax(-1).toInt(), labels).toFloat().mul(valid).sum();
    return right.div(tf.maximum(valid.sum(), tf.scalar(1))).mul(size) as tfTypes.Scalar;
  });
  return { loss, correct };
}
