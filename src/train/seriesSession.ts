// The time-series side of the one training session (session.ts), not a second runtime: a session
// made with modality 'series' (its own model and checkpoint record; it imports series model files),
// and the settings a series run starts from. Training, the measured Auto, the trainer worker,
// Pause/Stop, checkpoints, best weights, prediction, export and import are session.ts's. It stays
// as a file so the store and tests name the series configuration in one place.
import type * as tfTypes from '@tensorflow/tfjs';
import { createTrainingSession, type SessionOptions } from './session.js';
import type { TrainingSession } from './sessionTypes.js';
import { DEFAULT_SETTINGS, type TrainSettings } from './types.js';

type Tf = typeof tfTypes;

/**
 * A series run's defaults: the 1-D CNN, 10 epochs of 32 at 3e-3 (Adam, cosine, a short warm-up:
 * the image defaults otherwise). Epochs are chosen, not the image step budget: series sets are small.
 */
export const DEFAULT_SERIES_SETTINGS: TrainSettings = { ...DEFAULT_SETTINGS, preset: 'cnn1d', epochs: 10, autoEpochs: false, batchSize: 32, learningRate: 0.003 };

/** A training session for time series (`loadTf`: tests pass tfjs on the CPU backend). */
export function createSeriesSession(loadTf?: () => Promise<Tf>, options: SessionOptions = {}): TrainingSession {
  return createTrainingSession({ ...options, ...(loadTf ? { loadTf } : {}), modality: 'series' });
}
