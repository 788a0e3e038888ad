// What a session does with the model it holds besides training, for either modality: predict one
// input, write the export zip, read one back. session.ts calls these; they load lazily with it.
import type * as tfTypes from '@tensorflow/tfjs';
import { withTargets, type ImageU8, type Pipeline } from '../pipeline/index.js';
import type { ModelInfo, PredictionResult, SeriesInput, SessionModality } from './sessionTypes.js';
import { isSeriesPreset, type Evaluation, type TrainSettings } from './types.js';

type Tf = typeof tfTypes;

export async function predictWith(t: Tf, model: tfTypes.LayersModel, info: ModelInfo, pipeline: Pipeline, input: ImageU8 | SeriesInput, fileName: string): Promise<PredictionResult> {
  if (info.series) {
    if (!('values' in input)) throw new Error(`${fileName}: this is a time-series model; give it a series, not an image.`);
    const { predictSeries } = await import('./seriesPredict.js');
    return predictSeries(t, model, info, pipeline, input, fileName);
  }
  if (!('width' in input)) throw new Error(`${fileName}: this is an image model; give it an image, not a series.`);
  const { predictImage } = await import('./predict.js');
  return predictImage(t, model, info, pipeline, input, fileName);
}

export async function exportZip(t: Tf, model: tfTypes.LayersModel, info: ModelInfo, pipeline: Pipeline, { settings, evaluation }: { settings: TrainSettings; evaluation: Evaluation | null }): Promise<{ fileName: string; bytes: Uint8Array }> {
  const validation = evaluation ? { validation: { loss: evaluation.loss, accuracy: evaluation.accuracy, samples: evaluation.samples } } : {};
  const trainedWith = info.origin !== 'imported' ? { settings } : {};
  if (info.series) {
    if (!isSeriesPreset(info.preset)) throw new Error(`A series model with the image preset ${info.preset}: nothing to export.`);
    const { exportSeriesModelZip } = await import('./seriesExport.js');
    const { workingLength, lengthRule, channels } = info.series;
    const [one, length, c] = info.sampleShape;
    const bytes = await exportSeriesModelZip(t, { model, pipeline, classes: info.classes, metadata: { preset: info.preset, sampleShape: [one, length, c], workingLength, lengthRule, channels, backend: t.getBackend(), ...trainedWith, ...validation } });
    return { fileName: 'augplay-series-model.zip', bytes };
  }
  const { exportModelZip, makeMetadata } = await import('./exportModel.js');
  const metadata = makeMetadata(t, {
    preset: info.preset,
    sampleShape: [...info.sampleShape],
    layout: info.layout,
    inputSize: info.inputSize,
    backend: t.getBackend(),
    ...(info.task === 'segmentation' ? { task: 'segmentation' as const, classColours: info.classColours ?? info.classes.map(() => null) } : {}),
    ...trainedWith,
    ...validation,
  });
  const bytes = await exportModelZip(t, { model, pipeline: withTargets(pipeline, info.task === 'segmentation'), classes: info.classes, metadata });
  return { fileName: `augplay-model-${info.preset}.zip`, bytes };
}

/** Reads an export zip; a model of the other modality is refused with where to import it. */
export async function importZip(t: Tf, bytes: Uint8Array, fileName: string, modality: SessionModality): Promise<{ model: tfTypes.LayersModel; pipeline: Pipeline; info: ModelInfo; message: string }> {
  const [{ importModelZip }, { seriesFormatOf }] = await Promise.all([import('./exportModel.js'), import('./seriesExport.js')]);
  const bundle = await importModelZip(t, bytes, fileName);
  const { metadata } = bundle;
  let series;
  try {
    series = seriesFormatOf(metadata as unknown as Record<string, unknown>, metadata.sampleShape, fileName);
    if (modality === 'series' && !series) throw new Error(`${fileName} is an image model: switch Modality to Images to import it.`);
    if (modality !== 'series' && series) throw new Error(`${fileName} is a time-series model: switch Modality to Time series to import it.`);
  } catch (error) {
    bundle.model.dispose();
    throw error;
  }
  const info: ModelInfo = {
    origin: 'imported',
    preset: metadata.preset,
    classes: bundle.classes,
    sampleShape: metadata.sampleShape,
    layout: metadata.layout ?? 'NHWC',
    inputSize: metadata.inputSize ?? { width: metadata.sampleShape[1], height: 1 },
    ...(series ? { series } : {}),
  };
  const what = series ? `${series.workingLength} steps x ${series.channels} channel${series.channels === 1 ? '' : 's'}, ` : '';
  return { model: bundle.model, pipeline: bundle.pipeline, info, message: `Imported ${fileName}: ${what}${bundle.classes.length} classes, trained with augplay ${metadata.appVersion} on tfjs ${metadata.tfjsVersion}. Predictions use its own pipeline.` };
}
