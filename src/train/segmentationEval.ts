// Validation for segmentation: the pixel confusion matrix over labelled pixels, per-class IoU, mean
// IoU, pixel accuracy, mean per-pixel loss, and a gallery of validation predictions (image, true
// mask, predicted mask) worst first by the sample's own pixel accuracy.
import type * as tfTypes from '@tensorflow/tfjs';
import type { Batch, BatchSource } from '../workers/types.js';
import { perClassMetrics } from './metrics.js';
import { confusionOf, metricsFromConfusion, segmentationLoss } from './segmentation.js';
import type { Evaluation, SegmentationSample } from './types.js';

type Tf = typeof tfTypes;

export interface SegmentationEvalOptions {
  epoch: number;
  batchSize: number;
  galleryCount: number;
  signal?: AbortSignal;
}

/** Per-pixel logits of a packed batch in inference mode (batch norm on its moving statistics). */
export function segmentationLogits(tf: Tf, model: tfTypes.LayersModel, x: Float32Array, size: number, sampleShape: readonly number[]): tfTypes.Tensor4D {
  return tf.tidy(() => model.apply(tf.tensor(x, [size, ...sampleShape]), { training: false }) as tfTypes.Tensor4D);
}

export async function evaluateSegmentation(tf: Tf, model: tfTypes.LayersModel, source: BatchSource, options: SegmentationEvalOptions): Promise<Evaluation | undefined> {
  const classes = source.numClasses;
  const sampleSize = source.sampleShape.reduce((a, b) => a * b, 1);
  const confusion = new Float64Array(classes * classes);
  let lossSum = 0;
  let samples = 0;
  let gallery: SegmentationSample[] = [];
  for await (const batch of source.validation(options.batchSize, options.signal) as AsyncIterable<Batch>) {
    if (!batch.masks) throw new Error('a segmentation validation batch came without masks');
    const logits = segmentationLogits(tf, model, batch.x, batch.size, source.sampleShape);
    const [, height, width] = logits.shape;
    const pixels = height * width;
    const out = tf.tidy(() => {
      const masks = tf.tensor3d(batch.masks!, [batch.size, height, width], 'int32');
      return [segmentationLoss(tf, logits, masks), confusionOf(tf, logits, masks), logits.argMax(-1).toInt()] as const;
    });
    const [loss, conf, predicted] = await Promise.all(out.map((t) => t.data()));
    tf.dispose([logits, ...out]);
    lossSum += loss![0]! * batch.size;
    (conf as Float32Array).forEach((v, i) => (confusion[i]! += v));
    samples += batch.size;
    for (let i = 0; i < batch.size && options.galleryCount > 0; i++) {
      const truth = batch.masks.subarray(i * pixels, (i + 1) * pixels);
      const guess = Uint8Array.from((predicted as Int32Array).subarray(i * pixels, (i + 1) * pixels));
      let labelled = 0;
      let right = 0;
      truth.forEach((t, p) => {
        if (t >= classes) return;
        labelled++;
        if (guess[p] === t) right++;
      });
      if (labelled === 0) continue;
      gallery.push({ sampleIndex: batch.sampleIndices[i]!, pixelAccuracy: right / labelled, x: batch.x.slice(i * sampleSize, (i + 1) * sampleSize), trueMask: truth.slice(), predictedMask: guess, width, height });
    }
    // Keep only the worst few as we go, so a large split never holds every prediction.
    if (gallery.length > options.galleryCount * 2) gallery = worstFirst(gallery).slice(0, options.galleryCount);
  }
  if (samples === 0) return undefined;
  const metrics = metricsFromConfusion(confusion, classes);
  const rows = Array.from({ length: classes }, (_, r) => Array.from(confusion.subarray(r * classes, (r + 1) * classes)));
  return {
    epoch: options.epoch,
    loss: lossSum / samples,
    accuracy: metrics.pixelAccuracy,
    confusion: rows,
    perClass: perClassMetrics(rows),
    mostWrong: [],
    samples,
    segmentation: { iou: metrics.iou, meanIou: metrics.meanIou, pixelAccuracy: metrics.pixelAccuracy, worst: worstFirst(gallery).slice(0, options.galleryCount) },
  };
}

function worstFirst(samples: SegmentationSample[]): SegmentationSample[] {
  return [...samples].sort((a, b) => a.pixelAccuracy - b.pixelAccuracy || a.sampleIndex - b.sampleIndex);
}
