// Validation pass and single-sample prediction: forward passes only, read back with await data().
import type * as tfTypes from '@tensorflow/tfjs';
import type { Batch, BatchSource } from '../workers/types.js';
import { emptyConfusion, perClassMetrics } from './metrics.js';
import { evaluateSegmentation } from './segmentationEval.js';
import type { Evaluation, WrongSample } from './types.js';

type Tf = typeof tfTypes;

/** Smallest probability used in -log(p), so one confident mistake cannot make the mean loss infinite. */
const MIN_PROBABILITY = 1e-7;
export const DEFAULT_GALLERY_COUNT = 12;

/** Log-probabilities for a packed batch, in inference mode (batch norm uses its moving statistics). */
function logProbabilities(tf: Tf, model: tfTypes.LayersModel, x: Float32Array, size: number, sampleShape: readonly number[]): tfTypes.Tensor {
  return tf.tidy(() => {
    const xs = tf.tensor(x, [size, ...sampleShape]);
    const logits = model.apply(xs, { training: false }) as tfTypes.Tensor;
    return tf.logSoftmax(logits);
  });
}

export interface EvaluateOptions {
  epoch: number;
  batchSize: number;
  galleryCount?: number;
  signal?: AbortSignal;
}

/** Runs the validation split through the model: loss, accuracy, confusion matrix, per-class metrics, most-wrong samples. Undefined when the split is empty. */
export async function evaluate(tf: Tf, model: tfTypes.LayersModel, source: BatchSource, options: EvaluateOptions): Promise<Evaluation | undefined> {
  if (source.segmentation) return evaluateSegmentation(tf, model, source, { ...options, galleryCount: options.galleryCount ?? DEFAULT_GALLERY_COUNT });
  const numClasses = source.numClasses;
  const galleryCount = options.galleryCount ?? DEFAULT_GALLERY_COUNT;
  const sampleSize = source.sampleShape.reduce((a, b) => a * b, 1);
  const confusion = emptyConfusion(numClasses);
  let lossSum = 0;
  let correct = 0;
  let samples = 0;
  let wrong: WrongSample[] = [];

  for await (const batch of source.validation(options.batchSize, options.signal) as AsyncIterable<Batch>) {
    const logp = logProbabilities(tf, model, batch.x, batch.size, source.sampleShape);
    const values = await logp.data();
    logp.dispose();
    for (let i = 0; i < batch.size; i++) {
      const truth = batch.y[i]!;
      let predicted = 0;
      for (let k = 1; k < numClasses; k++) if (values[i * numClasses + k]! > values[i * numClasses + predicted]!) predicted = k;
      const pTrue = Math.exp(values[i * numClasses + truth]!);
      lossSum += -Math.log(Math.max(pTrue, MIN_PROBABILITY));
      confusion[truth]![predicted]!++;
      samples++;
      if (predicted === truth) {
        correct++;
      } else if (galleryCount > 0) {
        wrong.push({
          sampleIndex: batch.sampleIndices[i]!,
          trueClass: truth,
          predictedClass: predicted,
          trueProbability: pTrue,
          predictedProbability: Math.exp(values[i * numClasses + predicted]!),
          x: batch.x.slice(i * sampleSize, (i + 1) * sampleSize),
        });
      }
    }
    // Keep only the worst few as we go, so a large split never holds every wrong image.
    if (wrong.length > galleryCount * 2) wrong = worstFirst(wrong).slice(0, galleryCount);
  }
  if (samples === 0) return undefined;
  return {
    epoch: options.epoch,
    loss: lossSum / samples,
    accuracy: correct / samples,
    confusion,
    perClass: perClassMetrics(confusion),
    mostWrong: worstFirst(wrong).slice(0, galleryCount),
    samples,
  };
}

function worstFirst(samples: WrongSample[]): WrongSample[] {
  return [...samples].sort((a, b) => a.trueProbability - b.trueProbability || a.sampleIndex - b.sampleIndex);
}

/** Class probabilities for one sample (pipeline output in the model's sample shape). */
export async function predictProbabilities(tf: Tf, model: tfTypes.LayersModel, x: Float32Array, sampleShape: readonly number[]): Promise<Float32Array> {
  const logp = logProbabilities(tf, model, x, 1, sampleShape);
  const probabilities = tf.tidy(() => tf.exp(logp));
  logp.dispose();
  const values = await probabilities.data();
  probabilities.dispose();
  return Float32Array.from(values);
}

/** The `count` most probable classes, most probable first. */
export function topClasses(probabilities: ArrayLike<number>, classes: readonly string[], count = 3): { className: string; classIndex: number; probability: number }[] {
  return Array.from(probabilities, (probability, classIndex) => ({ className: classes[classIndex] ?? `class ${classIndex}`, classIndex, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, count);
}
