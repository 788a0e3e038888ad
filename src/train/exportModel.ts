// The export file: one zip with the model in tfjs layers format (model.json + weights.bin), the
// pipeline that feeds it, the class names and metadata. Import reads it back and checks every part.
import type * as tfTypes from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { version as APP_VERSION } from '../../package.json';
import { parsePipeline, PipelineError, type Pipeline } from '../pipeline/index.js';
import { modelFromArtifacts, modelToArtifacts } from './artifacts.js';
import type { InputLayout } from './models.js';
import type { ModelPreset, TrainSettings } from './types.js';
import { errorMessage } from '../pipeline/errorMessage.js';

type Tf = typeof tfTypes;

export const MODEL_FORMAT = 'augplay.model';
export const MODEL_FORMAT_VERSION = 1;
export const WEIGHTS_FILE = 'weights.bin';
export const EXPORT_FILES = ['model.json', WEIGHTS_FILE, 'pipeline.json', 'classes.json', 'metadata.json'] as const;

export interface ModelMetadata {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  appVersion: string;
  tfjsVersion: string;
  createdAt: string;
  preset: ModelPreset;
  /** One sample as the model takes it, in `layout` order (the pipeline's output). */
  sampleShape: [number, number, number];
  layout: InputLayout;
  /** The image size the pipeline was given in training: resize new images to this before the pipeline. */
  inputSize: { width: number; height: number };
  /** The model outputs logits: apply softmax for probabilities. */
  outputs: 'logits';
  settings?: TrainSettings;
  /** Last validation figures, when there were any. */
  validation?: { loss: number; accuracy: number; samples: number };
  backend?: string;
  /** Segmentation models: logits per pixel [H, W, classes]; classes.json names the mask values (0 = background). */
  task?: 'segmentation';
  /** [r, g, b] per mask class as the data gave them (null: none given). */
  classColours?: ([number, number, number] | null)[];
}

export interface ModelBundle {
  model: tfTypes.LayersModel;
  pipeline: Pipeline;
  classes: string[];
  metadata: ModelMetadata;
}

export function makeMetadata(tf: Tf, fields: Omit<ModelMetadata, 'format' | 'formatVersion' | 'appVersion' | 'tfjsVersion' | 'createdAt' | 'outputs'>): ModelMetadata {
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    appVersion: APP_VERSION,
    tfjsVersion: tf.version.tfjs,
    createdAt: new Date().toISOString(),
    outputs: 'logits',
    ...fields,
  };
}

export async function exportModelZip(tf: Tf, bundle: ModelBundle): Promise<Uint8Array> {
  const artifacts = await modelToArtifacts(tf, bundle.model);
  const modelJson: tfTypes.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
  const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));
  return zipSync({
    'model.json': json(modelJson),
    [WEIGHTS_FILE]: new Uint8Array(artifacts.weightData),
    'pipeline.json': json(bundle.pipeline),
    'classes.json': json(bundle.classes),
    'metadata.json': json(bundle.metadata),
  });
}

function readJson(files: Record<string, Uint8Array>, name: string, fileName: string): unknown {
  const bytes = files[name];
  if (!bytes) throw new Error(`${fileName}: ${name} is missing; an augplay model export holds ${EXPORT_FILES.join(', ')}.`);
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (error) {
    throw new Error(`${fileName}: ${name} is not valid JSON (${errorMessage(error)}).`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an export back; every error names the file and the part that is wrong. */
export async function importModelZip(tf: Tf, bytes: Uint8Array, fileName = 'the model file'): Promise<ModelBundle> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new Error(`${fileName} is not a zip file (${errorMessage(error)}): choose a file made by "Export model".`);
  }
  const metadata = readJson(files, 'metadata.json', fileName);
  if (!isRecord(metadata) || metadata.format !== MODEL_FORMAT) throw new Error(`${fileName}: metadata.json has no "format": "${MODEL_FORMAT}"; is this an augplay model export?`);
  if (metadata.formatVersion !== MODEL_FORMAT_VERSION) throw new Error(`${fileName}: metadata.json formatVersion ${String(metadata.formatVersion)} is not supported (this app reads version ${MODEL_FORMAT_VERSION}).`);
  const shape = metadata.sampleShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    throw new Error(`${fileName}: metadata.json sampleShape must be three positive integers.`);
  }

  const classes = readJson(files, 'classes.json', fileName);
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) {
    throw new Error(`${fileName}: classes.json must be an array of at least two class names.`);
  }

  let pipeline: Pipeline;
  try {
    pipeline = parsePipeline(readJson(files, 'pipeline.json', fileName));
  } catch (error) {
    if (error instanceof PipelineError) throw new Error(`${fileName}: pipeline.json: ${error.message}`);
    throw error;
  }

  const modelJson = readJson(files, 'model.json', fileName);
  if (!isRecord(modelJson) || !isRecord(modelJson.modelTopology) || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`${fileName}: model.json is not a tfjs layers model (needs modelTopology and weightsManifest).`);
  }
  const manifest = modelJson.weightsManifest as tfTypes.io.WeightsManifestConfig;
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const weights = files[WEIGHTS_FILE];
  if (!weights) throw new Error(`${fileName}: ${WEIGHTS_FILE} is missing.`);
  // Copy into a fresh ArrayBuffer: the unzipped view may not start at offset 0 of its buffer.
  const model = await modelFromArtifacts(tf, { modelTopology: modelJson.modelTopology, weightSpecs, weightData: weights.slice().buffer });
  const outputUnits = model.outputs[0]?.shape.at(-1);
  if (outputUnits !== classes.length) {
    model.dispose();
    throw new Error(`${fileName}: the model has ${String(outputUnits)} outputs but classes.json names ${classes.length} classes.`);
  }
  return { model, pipeline, classes: classes as string[], metadata: metadata as unknown as ModelMetadata };
}
