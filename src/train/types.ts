// Plain types shared by the trainer, the store and the UI: importing them (with `import type`)
// never loads tfjs.

/** The image presets (the image Model select lists these). */
export const MODEL_PRESETS = ['mlp', 'cnn-small', 'cnn-deep'] as const;
/** The time-series presets (models1d.ts): the same session, trainer and export train them. */
export const SERIES_MODEL_PRESETS = ['cnn1d', 'mlp1d'] as const;
export type SeriesModelPreset = (typeof SERIES_MODEL_PRESETS)[number];
export type ModelPreset = (typeof MODEL_PRESETS)[number] | SeriesModelPreset;

export const MODEL_PRESET_LABELS: Record<ModelPreset, string> = {
  mlp: 'MLP (dense layers)',
  'cnn-small': 'Small CNN (conv 16-32-64)',
  'cnn-deep': 'Deeper CNN (batch norm, global pooling)',
  cnn1d: '1-D CNN',
  mlp1d: 'MLP (dense layers)',
};

export function isSeriesPreset(preset: ModelPreset): preset is SeriesModelPreset {
  return (SERIES_MODEL_PRESETS as readonly string[]).includes(preset);
}

/**
 * The CNN presets run their convolutions on a grid of at most this many cells a side: a larger input
 * is first averaged over non-overlapping patch x patch blocks (stemPatchPx; a last side % patch rows or
 * columns are left out),
 * so a 64 px picture costs about what a 16 px one does. Measured (issue 17, BENCHMARKS.md "Time to
 * accuracy", through the page on the loaded 2-core machine, built-in 64 px shapes, split seed 1):
 * with 3x3 convolutions over all 64 px a step of the small CNN took ~15 s (600 steps: hours); with
 * a learned 4x4 patch conv ("patchify", as ConvNeXt) 0.595 in 350 s; averaged 4x4 blocks 0.670 in
 * 229 s (71 CPU-seconds), reaching scikit-learn's better baseline (0.44) after 19 CPU-seconds.
 */
export const STEM_GRID_PX = 16;

/** Pixels a side of the stem's patches for an input of `sidePx` (1: no stem). */
export function stemPatchPx(sidePx: number): number {
  return sidePx > STEM_GRID_PX ? Math.ceil(sidePx / STEM_GRID_PX) : 1;
}

/** What the page says beside the Model setting when a CNN averages the input down first (null otherwise). */
export function modelSizeNote(preset: ModelPreset, inputSidePx: number | null): string | null {
  if ((preset !== 'cnn-small' && preset !== 'cnn-deep') || inputSidePx === null) return null;
  const patch = stemPatchPx(inputSidePx);
  if (patch === 1) return null;
  const grid = Math.floor(inputSidePx / patch);
  return `At ${inputSidePx} px the CNN first averages ${patch}x${patch} blocks, so its convolutions run on a ${grid}x${grid} grid: about the cost of a ${grid} px input.`;
}

/** True for presets with convolutions (their training needs a Conv2DBackpropFilter kernel). */
export function presetHasConvolutions(preset: ModelPreset): boolean {
  return preset !== 'mlp' && preset !== 'mlp1d';
}

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = { adam: 'Adam', sgd: 'SGD with momentum', rmsprop: 'RMSprop' };

export { errorMessage } from '../pipeline/errorMessage.js';

export const LR_SCHEDULES = ['constant', 'cosine', 'step'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** What the model learns: one class per image, or one class per pixel (the Small U-Net on the dataset's masks). */
export const TASKS = ['classification', 'segmentation'] as const;
export type Task = (typeof TASKS)[number];

export interface TrainSettings {
  task: Task;
  /** The classifier (classification only; segmentation always trains the Small U-Net, train/unet.ts). */
  preset: ModelPreset;
  /** Epochs to train when `autoEpochs` is off. */
  epochs: number;
  /** Train for the step budget (budget.ts: about DEFAULT_BUDGET_STEPS optimiser steps, as epochs of this data) instead of `epochs`. */
  autoEpochs: boolean;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  /** Learning rate per step after the warm-up: constant, cosine decay over the run, or a tenth after each third (schedule.ts). */
  schedule: LrSchedule;
  /** Share of the run's optimiser steps spent warming the rate up linearly from near 0, in [0, 1]. */
  warmupFraction: number;
  /** Label smoothing of the training loss, in [0, 1): the true class's target is 1 - s + s/k. */
  labelSmoothing: number;
  /**
   * Seeds weight initialisation only. The other two seeds live with what they seed: the pipeline's
   * `seed` (augmentation draws and the epoch shuffle) and the data panel's split seed.
   */
  initSeed: number;
  /** Stop after this many epochs without a lower validation loss, keeping the best epoch's weights; 0 turns early stopping off. */
  patience: number;
  /** Segmentation: weight of the soft Dice term added to the per-pixel cross-entropy (0: cross-entropy only). */
  diceWeight: number;
  /** With an imported layers backbone: how many of its last layers with weights train too (0: the backbone stays frozen). */
  fineTuneLayers: number;
  /** Those layers' learning rate as a share of `learningRate`, in (0, 1]: they adjust rather than overwrite. */
  fineTuneRateFactor: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  task: 'classification',
  preset: 'cnn-small',
  epochs: 10,
  autoEpochs: true,
  batchSize: 32,
  learningRate: 0.001,
  optimizer: 'adam',
  schedule: 'cosine',
  warmupFraction: 0.05,
  labelSmoothing: 0.1,
  initSeed: 1,
  patience: 0,
  diceWeight: 0,
  fineTuneLayers: 0,
  fineTuneRateFactor: 0.1,
};

/**
 * The fields of stored settings (a checkpoint, localStorage) that have their default's type (numbers
 * finite); others are dropped. The old name `seed` (before the three seeds had names) reads as `initSeed`.
 */
export function storedSettings(stored: unknown): Partial<TrainSettings> {
  const raw = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = raw.initSeed === undefined && raw.seed !== undefined ? { ...raw, initSeed: raw.seed } : raw;
  const out: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(DEFAULT_SETTINGS)) {
    const value = fields[key];
    if (typeof value !== typeof fallback || (typeof value === 'number' && !Number.isFinite(value))) continue;
    out[key] = value;
  }
  if (out.task !== undefined && !TASKS.includes(out.task as Task)) delete out.task;
  return out as Partial<TrainSettings>;
}

/** Stored settings completed with the defaults. */
export function settingsFromStored(stored: unknown): TrainSettings {
  return { ...DEFAULT_SETTINGS, ...storedSettings(stored) };
}

/** One optimiser step's figures. */
export interface BatchEvent {
  epoch: number;
  batch: number;
  /** Steps since training began (continues across stop/resume). */
  step: number;
  size: number;
  loss: number;
  accuracy: number;
  /** Milliseconds spent waiting for this batch from the source. */
  waitMs: number;
  /** Milliseconds from having the batch to having its loss read back. */
  computeMs: number;
}

export interface EpochEvent {
  epoch: number;
  /** Mean training loss and accuracy over the epoch's batches (weighted by batch size). */
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate: number;
  /** Training samples per second of time spent waiting or computing (pauses excluded). */
  samplesPerSec: number;
  /** Share of that time spent waiting for data, in [0, 1]. */
  waitFraction: number;
  durationMs: number;
  /** Dataset-size-independent step count at the end of the epoch. */
  step: number;
}

/** What the trainer publishes, at most once per animation frame: everything since the last update. */
export interface TrainerUpdate {
  batches: BatchEvent[];
  epochs: EpochEvent[];
  evaluation?: Evaluation;
  /** Running samples/s and wait fraction over the current epoch so far. */
  samplesPerSec: number;
  waitFraction: number;
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

export interface ModelSummary {
  preset: ModelPreset;
  inputShape: readonly number[];
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  /** Validation samples of this class. */
  support: number;
}

export interface WrongSample {
  sampleIndex: number;
  trueClass: number;
  predictedClass: number;
  /** Probability the model gave the true class (lowest first in the gallery). */
  trueProbability: number;
  predictedProbability: number;
  /** The validation input as the model saw it (pipeline output), for display. */
  x: Float32Array;
}

export interface Evaluation {
  epoch: number;
  loss: number;
  accuracy: number;
  /** confusion[true][predicted] = count. */
  confusion: number[][];
  perClass: ClassMetrics[];
  mostWrong: WrongSample[];
  samples: number;
  /** Segmentation runs: per-class IoU, mean IoU, pixel accuracy, and predictions worst first (confusion is then per pixel). */
  segmentation?: SegmentationEvaluation;
}

export interface SegmentationEvaluation {
  /** Per class: IoU over the validation pixels; null for a class neither present nor predicted. */
  iou: (number | null)[];
  meanIou: number;
  pixelAccuracy: number;
  worst: SegmentationSample[];
}

/** One validation prediction for the overlay gallery. */
export interface SegmentationSample {
  sampleIndex: number;
  /** This sample's labelled pixels predicted right (the gallery sorts by it, lowest first). */
  pixelAccuracy: number;
  /** The input as the model saw it (pipeline output). */
  x: Float32Array;
  trueMask: Uint8Array;
  predictedMask: Uint8Array;
  width: number;
  height: number;
}
