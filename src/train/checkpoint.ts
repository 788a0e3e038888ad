// Per-epoch checkpoints in IndexedDB: the weights plus what is needed to continue (settings,
// epochs done, history, classes, pipeline), so a reload can offer to go on where training was.
// One record, replaced each epoch. Optimiser moments are not stored: continuing after a reload
// restarts them (a resume within the session keeps them).
import type * as tfTypes from '@tensorflow/tfjs';
import { openDB, type IDBPDatabase } from 'idb';
import { modelFromArtifacts, modelToArtifacts, type PlainArtifacts } from './artifacts.js';
import type { EpochEvent, TrainSettings } from './types.js';

type Tf = typeof tfTypes;

const DB_NAME = 'augplay-training';
const DB_VERSION = 1;
const STORE = 'checkpoints';
const KEY = 'latest';

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

export async function saveCheckpoint(tf: Tf, model: tfTypes.LayersModel, state: CheckpointState): Promise<void> {
  const record: CheckpointRecord = { savedAt: new Date().toISOString(), artifacts: await modelToArtifacts(tf, model), state };
  await (await db()).put(STORE, record, KEY);
}

export async function readCheckpoint(): Promise<CheckpointRecord | undefined> {
  return (await (await db()).get(STORE, KEY)) as CheckpointRecord | undefined;
}

export async function clearCheckpoint(): Promise<void> {
  await (await db()).delete(STORE, KEY);
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

export const indexedDbCheckpoints: CheckpointStore = { save: saveCheckpoint, read: readCheckpoint, clear: clearCheckpoint, model: checkpointModel };
