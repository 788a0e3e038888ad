// The model export of a time-series model: the same zip as for images (model.json + weights.bin in
// tfjs layers format, pipeline.json, classes.json, metadata.json), the metadata saying the modality,
// the series shape and how series reach the working length. Import reads it with the image import
// (exportModel.ts importModelZip checks every common part) and seriesFormatOf checks the series part.
// The pytorch/ folder (src/export/pytorch.ts: the 1-D CNN or MLP, predict.py, train.py) is added by the
// store (seriesTrainingSlice.ts), as for images.
import type * as tfTypes from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { version as APP_VERSION } from '../../package.json';
import { LENGTH_RULES, type LengthRule } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { modelToArtifacts } from './artifacts.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, WEIGHTS_FILE } from './exportModel.js';
import type { SeriesFormat } from './sessionTypes.js';
import type { SeriesModelPreset, TrainSettings } from './types.js';

type Tf = typeof tfTypes;

export interface SeriesModelMetadata {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  appVersion: string;
  tfjsVersion: string;
  createdAt: string;
  modality: 'series';
  preset: SeriesModelPreset;
  /** One sample as the model takes it: 1 x length x channels (the pipeline's output). */
  sampleShape: [number, number, number];
  /** Bring a new series to this many steps by `lengthRule` before the pipeline, as the import did. */
  workingLength: number;
  lengthRule: LengthRule;
  channels: number;
  outputs: 'logits';
  validation?: { loss: number; accuracy: number; samples: number };
  backend: string;
  /** The run's settings (absent for a model that was itself imported). */
  settings?: TrainSettings;
}

export async function exportSeriesModelZip(tf: Tf, bundle: { model: tfTypes.LayersModel; pipeline: Pipeline; classes: string[]; metadata: Omit<SeriesModelMetadata, 'format' | 'formatVersion' | 'appVersion' | 'tfjsVersion' | 'createdAt' | 'outputs' | 'modality'> }): Promise<Uint8Array> {
  const artifacts = await modelToArtifacts(tf, bundle.model);
  const metadata: SeriesModelMetadata = { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, appVersion: APP_VERSION, tfjsVersion: tf.version.tfjs, createdAt: new Date().toISOString(), modality: 'series', outputs: 'logits', ...bundle.metadata };
  const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));
  return zipSync({
    'model.json': json({
      modelTopology: artifacts.modelTopology,
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    }),
    [WEIGHTS_FILE]: new Uint8Array(artifacts.weightData),
    'pipeline.json': json(bundle.pipeline),
    'classes.json': json(bundle.classes),
    'metadata.json': json(metadata),
  });
}

/**
 * How a new series reaches the model, from an imported zip's metadata.json; undefined for an image
 * model (no `modality: "series"`). A bad field is named.
 */
export function seriesFormatOf(metadata: Record<string, unknown>, sampleShape: readonly number[], fileName: string): SeriesFormat | undefined {
  if (metadata.modality !== 'series') return undefined;
  const { workingLength, lengthRule, channels } = metadata;
  const bad = (field: string, expected: string, got: unknown) => new Error(`${fileName}: metadata.json ${field}: expected ${expected}, got ${JSON.stringify(got)}.`);
  if (typeof workingLength !== 'number' || !Number.isInteger(workingLength) || workingLength < 2) throw bad('workingLength', 'a whole number of at least 2', workingLength);
  if (typeof lengthRule !== 'string' || !(LENGTH_RULES as readonly string[]).includes(lengthRule)) throw bad('lengthRule', LENGTH_RULES.map((r) => `"${r}"`).join(' or '), lengthRule);
  if (typeof channels !== 'number' || !Number.isInteger(channels) || channels < 1) throw bad('channels', 'a whole number of at least 1', channels);
  if (sampleShape[0] !== 1 || sampleShape[2] !== channels) throw bad('sampleShape', `[1, length, ${channels}] for ${channels} channel${channels === 1 ? '' : 's'}`, sampleShape);
  return { workingLength, lengthRule: lengthRule as LengthRule, channels };
}
