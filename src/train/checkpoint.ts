// Per-epoch checkpoints in IndexedDB: the weights, the optimiser's state (moments, step count) and
// what is needed to continue (settings, epochs done, history, classes, pipeline), so a reload can
// offer to go on where training was, and goes on as if never interrupted. One record per modality
// (images, time series: each keeps its own run), replaced each epoch.
import type * as tfTypes from '@tensorflow/tfjs';
import { openDB, type IDBPDatabase } from 'idb';
import type { Modality } from '../pipeline/index.js';
import { modelFromArtifacts, modelToArtifacts, type PlainArtifacts } from './artifacts.js';
import type { SeriesFormat } from './sessionTypes.js';
import type { EpochEvent, TrainSettings } from './types.js';

type Tf = typeof tfTypes;

const DB_NAME = 'augplay-training';
const DB_VERSION = 1;
const STORE = 'checkpoints';
/** The record of image runs (its name from before series had one of their own). */
const KEY = 'latest';
const SERIES_KEY = 'series';

/** One optimiser variable (or its step count) as plain data. */
export interface PlainTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

export interface CheckpointState {
  settings: TrainSettings;
  /** Epochs completed: training continues at this (0-based) epoch. */
  epochsDone: number;
  step: number;
  history: EpochEvent[];
  classes: string[];
  /** The pipeline as JSON (validated again when read). */
  pipeline: unknown;
  /** Identifies the data trained on, so a checkpoint is only continued on the same data. */
  dataKey: string;
  dataDescription: string;
  sampleShape: [number, number, number];
  inputSize: { width: number; height: number };
  /** Time-series runs: how samples reach the working length. */
  series?: SeriesFormat;
  /** The optimiser's weights (tfjs getWeights: step count, then moments); absent in checkpoints from before they were kept. */
  optimizer?: PlainTensor[];
}

export interface CheckpointRecord {
  savedAt: string;
  artifacts: PlainArtifacts;
  state: CheckpointState;
}

let dbPromise: Promise<IDBPDatabase> | undefined;

function db(): Promise<IDBPDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available here, so checkpoints cannot be kept.'));
  dbPromise ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  });
  return dbPromise;
}

export async function saveCheckpoint(tf: Tf, model: tfTypes.LayersModel, state: CheckpointState, key = KEY): Promise<void> {
  const record: CheckpointRecord = { savedAt: new Date().toISOString(), artifacts: await modelToArtifacts(tf, model), state };
  await (await db()).put(STORE, record, key);
}

export async function readCheckpoint(key = KEY): Promise<CheckpointRecord | undefined> {
  return (await (await db()).get(STORE, key)) as CheckpointRecord | undefined;
}

export async function clearCheckpoint(key = KEY): Promise<void> {
  await (await db()).delete(STORE, key);
}

/** The optimiser's state as plain data (awaited reads, no blocking read-back). */
export async function optimizerToPlain(optimizer: tfTypes.Optimizer): Promise<PlainTensor[]> {
  const named = await optimizer.getWeights();
  const out: PlainTensor[] = [];
  for (const [i, { name, tensor }] of named.entries()) {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    out.push({ name, shape: [...tensor.shape], dtype, data: (await tensor.data()) as Float32Array | Int32Array });
    // The first entry is the step count, a fresh scalar; the rest are the optimiser's own variables.
    if (i === 0) tensor.dispose();
  }
  return out;
}

/** Puts a saved optimiser state back (before the first step of the continued run). */
export async function restoreOptimizer(tf: Tf, optimizer: tfTypes.Optimizer, state: PlainTensor[]): Promise<void> {
  const named = state.map(({ name, shape, dtype, data }) => ({ name, tensor: tf.tensor(data, shape, dtype) }));
  await optimizer.setWeights(named);
  // The optimiser made its variables from these; the tensors themselves are not needed any more.
  for (const { tensor } of named) tensor.dispose();
}

export function checkpointModel(tf: Tf, record: CheckpointRecord): Promise<tfTypes.LayersModel> {
  return modelFromArtifacts(tf, record.artifacts);
}

/** Where a session keeps its one checkpoint: IndexedDB in the page (below); tests may pass another. */
export interface CheckpointStore {
  save(tf: Tf, model: tfTypes.LayersModel, state: CheckpointState): Promise<void>;
  read(): Promise<CheckpointRecord | undefined>;
  clear(): Promise<void>;
  model(tf: Tf, record: CheckpointRecord): Promise<tfTypes.LayersModel>;
}

/** The IndexedDB checkpoint of record `key`. */
export function checkpointStore(key: string): CheckpointStore {
  return { save: (tf, model, state) => saveCheckpoint(tf, model, state, key), read: () => readCheckpoint(key), clear: () => clearCheckpoint(key), model: checkpointModel };
}

export const indexedDbCheckpoints: CheckpointStore = { save: saveCheckpoint, read: readCheckpoint, clear: clearCheckpoint, model: checkpointModel };

/** Each modality's run keeps its own checkpoint. */
export function checkpointsFor(modality: Modality): CheckpointStore {
  return modality === 'series' ? checkpointStore(SERIES_KEY) : indexedDbCheckpoints;
}
