// Prediction of one series with a series model: brought to the working length by the rule the data
// was imported with, the pipeline in inference mode, then class probabilities (all classes, most
// probable first).
import type * as tfTypes from '@tensorflow/tfjs';
import { toWorkingLength } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/index.js';
import { runSeriesPipeline } from '../pipeline/series/run.js';
import { predictProbabilities, topClasses } from './evaluate.js';
import type { ModelInfo, PredictionResult, SeriesInput } from './sessionTypes.js';

type Tf = typeof tfTypes;

export async function predictSeries(t: Tf, model: tfTypes.LayersModel, info: ModelInfo, pipeline: Pipeline, input: SeriesInput, fileName: string): Promise<PredictionResult> {
  const format = info.series;
  if (!format) throw new Error(`${fileName}: this model takes images, not a series.`);
  const { values, channels } = input;
  if (channels !== format.channels) throw new Error(`The series has ${channels} channel${channels > 1 ? 's' : ''}; the model was trained on ${format.channels}.`);
  if (values.length === 0 || values.length % channels !== 0) throw new Error(`${fileName}: ${values.length} values do not make whole time steps of ${channels} channels.`);
  const working = toWorkingLength(values, channels, format.workingLength, format.lengthRule);
  const out = runSeriesPipeline(pipeline, { length: format.workingLength, channels, data: working }, { epoch: 0, index: 0, mode: 'inference' });
  const expected = info.sampleShape.reduce((a, b) => a * b, 1);
  if (out.data.length !== expected) throw new Error(`${fileName}: the pipeline made ${out.length} x ${out.channels}, the model takes [${info.sampleShape.join(', ')}].`);
  const probabilities = await predictProbabilities(t, model, out.data, info.sampleShape);
  return { fileName, top: topClasses(probabilities, info.classes, info.classes.length).map(({ className, probability }) => ({ className, probability })) };
}
