// Prediction of one image with the session's model: the pipeline at inference, then the top classes
// (classification) or the per-pixel classes with the picture as the model saw it (segmentation).
import type * as tfTypes from '@tensorflow/tfjs';
import { runPipeline, type ImageU8, type Pipeline } from '../pipeline/index.js';
import type { ModelInfo, PredictionResult } from './sessionTypes.js';

type Tf = typeof tfTypes;

export async function predictImage(t: Tf, model: tfTypes.LayersModel, info: ModelInfo, pipeline: Pipeline, image: ImageU8, fileName: string): Promise<PredictionResult> {
  const result = runPipeline(pipeline, image, { epoch: 0, index: 0, mode: 'inference' });
  const expected = info.sampleShape.reduce((a, b) => a * b, 1);
  if (result.data.length !== expected) {
    throw new Error(`${fileName}: the pipeline made ${result.width}x${result.height}x${result.channels}, the model takes [${info.sampleShape.join(', ')}].`);
  }
  if (info.task === 'segmentation') {
    const { segmentationLogits } = await import('./segmentationEval.js');
    const classes = t.tidy(() => segmentationLogits(t, model, result.data, 1, info.sampleShape).argMax(-1).toInt());
    const [, height, width] = classes.shape as [number, number, number];
    const values = await classes.data();
    classes.dispose();
    return { fileName, top: [], mask: { width, height, classes: Uint8Array.from(values), input: result.data } };
  }
  const { predictProbabilities, topClasses } = await import('./evaluate.js');
  const probabilities = await predictProbabilities(t, model, result.data, info.sampleShape);
  return { fileName, top: topClasses(probabilities, info.classes, 3).map(({ className, probability }) => ({ className, probability })) };
}
