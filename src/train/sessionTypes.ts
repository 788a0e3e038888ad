// The training session's vocabulary: its statuses, events and the interface a store talks to.
// Plain types (and one predicate), no tfjs: the store and the UI import these freely.
import type * as tfTypes from '@tensorflow/tfjs';
import type { LengthRule } from '../data/series/dataset.js';
import type { ImageU8, Modality, Pipeline } from '../pipeline/index.js';
import type { BatchSource, SampleShape } from '../workers/types.js';
import type { BackendChoice, BackendName, SkippedBackend } from './backend.js';
import type { BackboneFile } from './backbone.js';
import type { BackboneInfo } from './backboneRun.js';
import type { InputLayout, ModelSpec } from './models.js';
import type { EpochEvent, Evaluation, ModelPreset, ModelSummary, TrainerUpdate, TrainSettings } from './types.js';

type Tf = typeof tfTypes;

export type TrainingStatus = 'idle' | 'preparing' | 'running' | 'paused' | 'stopped' | 'done' | 'failed';

/** The statuses in which a run holds the model: no new run, import or export then. */
export function isBusy(status: TrainingStatus): boolean {
  return status === 'preparing' || status === 'running' || status === 'paused';
}

/** What the user asks for: the automatic choice, or one backend by name. */
export type BackendRequest = 'auto' | BackendName;

/** One backend tried by the automatic choice, with its figure when it was measured. */
export interface BackendCandidate {
  name: BackendName;
  msPerStep?: number;
  note?: string;
}

/** The measured choice in words: "WASM: 12 samples/s, WebGPU (software adapter): 1 samples/s", and why the winner. */
export interface MeasuredChoice {
  header: string;
  reason: string;
  /** The figures are from an earlier measurement on this machine (same model shape and batch size). */
  fromCache: boolean;
}

/** What a backend chooser decided, and why: backend.ts's choice, plus the figures behind it when candidates were measured. */
export type BackendReport = BackendChoice & { candidates?: BackendCandidate[]; measured?: MeasuredChoice };

/**
 * Picks and activates a tfjs backend for `preset` (undefined: no model in view yet). The default
 * is the fixed chain in backend.ts; measuredChooser.ts times the backends when `model` and
 * `batchSize` say what will be trained.
 */
export type BackendChooser = (tf: Tf, request: { wanted?: BackendName; preset?: ModelPreset; model?: Omit<ModelSpec, 'seed'>; batchSize?: number }) => Promise<BackendReport>;

/** The backend as the page shows it. The session is its one writer. */
export interface BackendState {
  status: 'detecting' | 'ready' | 'failed';
  name?: string;
  adapter?: string;
  skipped: SkippedBackend[];
  candidates?: BackendCandidate[];
  /** The measured automatic choice, when "Auto" timed the backends for the model being trained. */
  measured?: MeasuredChoice;
  /** Why no backend works (status 'failed'). */
  error?: string;
}

/** How a series reaches a series model: brought to `workingLength` steps by `lengthRule` (as at import), then the pipeline. */
export interface SeriesFormat {
  workingLength: number;
  lengthRule: LengthRule;
  channels: number;
}

/** A series to predict: time steps x channels, interleaved; any length (brought to the working length first). */
export interface SeriesInput {
  values: Float32Array;
  channels: number;
}

/** What a session trains on and predicts: images, or time series (a session is made for one: SessionOptions.modality). */
export type SessionModality = Modality;

/** The trainer worker's name for each modality (worker/browserTrainer.ts names it, trainer.worker.ts reads it back): one worker per modality. */
export const TRAINER_WORKER_NAMES: Record<SessionModality, string> = { image: 'augplay-trainer', series: 'augplay-series-trainer' };

/** A model the page can predict with and export: trained here, continued from a checkpoint, or imported. */
export interface ModelInfo {
  origin: 'trained' | 'checkpoint' | 'imported';
  preset: ModelPreset;
  classes: string[];
  sampleShape: SampleShape;
  layout: InputLayout;
  /** Images are decoded to this size before the pipeline (the size the model was trained on). */
  inputSize: { width: number; height: number };
  /** 'segmentation': the model gives per-pixel classes (absent: classification). */
  task?: 'classification' | 'segmentation';
  classColours?: ([number, number, number] | null)[];
  /** Time-series models: how a new series reaches the model (absent: an image model). */
  series?: SeriesFormat;
}

export interface PredictionResult {
  fileName: string;
  top: { className: string; probability: number }[];
  /** Segmentation models: the predicted class per pixel, and the input as the model saw it (pipeline output). */
  mask?: { width: number; height: number; classes: Uint8Array; input: Float32Array };
}

export interface CheckpointInfo {
  epochsDone: number;
  epochs: number;
  preset: ModelPreset;
  savedAt: string;
  dataDescription: string;
}

/** The data a run trains on, as the store hands it over. */
export interface TrainingData {
  source: BatchSource;
  classes: string[];
  inputSize: { width: number; height: number };
  description: string;
  /** Identifies the data, so a checkpoint is only continued on the same data. */
  key: string;
  /** Segmentation: [r, g, b] per mask class where the data gives one (a palette, classes.json), for the export. */
  classColours?: ([number, number, number] | null)[];
  /** Time series: how samples were brought to the working length (export and prediction repeat it). */
  series?: SeriesFormat;
}

/** Where the run is: epoch and batch being trained, steps taken, batches in an epoch. */
export interface RunPosition {
  epoch: number;
  batch: number;
  step: number;
  batchesPerEpoch: number;
}

/** Everything the session tells its subscribers. Plain data (structured-clonable), so a session in a worker can send the same stream. */
export type SessionEvent =
  | { type: 'backend'; backend: BackendState }
  | { type: 'status'; status: TrainingStatus; message: string | null; error: string | null }
  /** A line about the run that changes no status (a checkpoint that could not be saved, a stop on its way). */
  | { type: 'message'; message: string }
  /** A model is in place: fresh, continued (with the history so far and, from a checkpoint, its settings) or imported. */
  | { type: 'model'; model: ModelInfo; summary: ModelSummary; settings: TrainSettings | null; dataDescription: string | null; history: EpochEvent[]; position: RunPosition }
  | { type: 'progress'; update: TrainerUpdate }
  | { type: 'checkpoint'; checkpoint: CheckpointInfo | null }
  /** An imported backbone that new runs train a head on (null: removed, runs build a preset again). */
  | { type: 'backbone'; backbone: BackboneInfo | null };

/**
 * What a store holds on to: the session's methods and its event stream. Methods are async and
 * events are plain data, so a session that trains in a dedicated worker (for CPU-bound backends)
 * can implement this with Comlink; its one function argument, the data provider, would then hand
 * the worker a BatchSource over a MessagePort of the pool's loader.
 */
export interface TrainingSession {
  subscribe(listener: (event: SessionEvent) => void): () => void;
  /** Chooses the backend again for `preset` ('auto' runs the chooser); a failure is in the backend event too. */
  selectBackend(request: BackendRequest, preset?: ModelPreset): Promise<void>;
  /** Builds a fresh model and trains it on `data(pipeline)` (asked for once the backend is ready). */
  start(run: { settings: TrainSettings; pipeline: Pipeline; data: (pipeline: Pipeline) => Promise<TrainingData> }): Promise<void>;
  pause(): void;
  /** Continues a paused run, or a stopped one from the step where it stopped. */
  resume(): Promise<void>;
  stop(): void;
  /** The checkpoint an earlier visit left, if it can still be continued. */
  findCheckpoint(): Promise<CheckpointInfo | null>;
  continueFromCheckpoint(data: (pipeline: Pipeline) => Promise<TrainingData>): Promise<void>;
  discardCheckpoint(): Promise<void>;
  /** Runs the model's pipeline (inference mode) on an image of the model's input size (a series model: a series), then the model. */
  predict(input: ImageU8 | SeriesInput, fileName: string): Promise<PredictionResult>;
  exportModel(extra: { settings: TrainSettings; evaluation: Evaluation | null }): Promise<{ fileName: string; bytes: Uint8Array }>;
  importModel(bytes: Uint8Array, fileName: string): Promise<void>;
  /** Reads a tfjs model (model.json + weight shards) as the backbone of the next runs; errors name the file. */
  importBackbone(files: BackboneFile[], featureLayer?: string): Promise<void>;
  /** Picks the backbone's feature layer for the next run, and the pixel values it expects when given (null: not stated). */
  setBackboneLayer(layer: string, inputRange?: readonly [number, number] | null): Promise<void>;
  removeBackbone(): void;
}

/** Trains runs of CPU-bound backends elsewhere (a dedicated worker): see SessionOptions.delegate. */
export interface RunDelegate {
  handles(backend: string): boolean;
  start(run: Parameters<TrainingSession['start']>[0], backend: string): Promise<void>;
  continueFromCheckpoint(data: Parameters<TrainingSession['continueFromCheckpoint']>[0], backend: string): Promise<void>;
}
