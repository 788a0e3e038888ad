// The training slice's state and how each session event changes it: a pure reducer, so the slice
// itself is only wiring (see trainingSlice.ts) and this is testable without tfjs.
import type { BackendRequest, CheckpointInfo, ModelInfo, PredictionResult, RunPosition, SessionEvent, TrainingStatus } from '../train/session.js';
import type { BackboneInfo } from '../train/backboneRun.js';
import { normalizeRows } from '../train/metrics.js';
import { DEFAULT_SETTINGS, type EpochEvent, type Evaluation, type ModelSummary, type TrainSettings } from '../train/types.js';

export interface TrainingState {
  status: TrainingStatus;
  /** One line on the last outcome ("Stopped at epoch 2, batch 5"), or null. */
  message: string | null;
  /** What went wrong and what to do, or null. */
  error: string | null;
  settings: TrainSettings;
  backendRequest: BackendRequest;
  summary: ModelSummary | null;
  /** Per step: x in epochs (steps done / batches per epoch), training loss and accuracy. */
  series: { x: number[]; loss: number[]; accuracy: number[] };
  epochs: EpochEvent[];
  samplesPerSec: number;
  waitFraction: number;
  position: RunPosition;
  evaluation: Evaluation | null;
  /** The evaluation's confusion matrix as shares of each true class (rows sum to 1). */
  confusionShares: number[][];
  model: ModelInfo | null;
  dataDescription: string | null;
  prediction: PredictionResult | null;
  predictError: string | null;
  checkpoint: CheckpointInfo | null;
  /** The imported backbone new runs train a head on, or null. */
  backbone: BackboneInfo | null;
}

const EMPTY_SERIES = { x: [], loss: [], accuracy: [] };

export function initialTrainingState(): TrainingState {
  return {
    status: 'idle',
    message: null,
    error: null,
    settings: { ...DEFAULT_SETTINGS },
    backendRequest: 'auto',
    summary: null,
    series: EMPTY_SERIES,
    epochs: [],
    samplesPerSec: 0,
    waitFraction: 0,
    position: { epoch: 0, batch: 0, step: 0, batchesPerEpoch: 0 },
    evaluation: null,
    confusionShares: [],
    model: null,
    dataDescription: null,
    prediction: null,
    predictError: null,
    checkpoint: null,
    backbone: null,
  };
}

/** The training state after `event` (backend events are the slice's other field, not handled here). */
export function applySessionEvent(t: TrainingState, event: SessionEvent): TrainingState {
  switch (event.type) {
    case 'backend':
      return t;
    case 'status':
      return { ...t, status: event.status, message: event.message, error: event.error };
    case 'message':
      return { ...t, message: event.message };
    case 'backbone':
      return { ...t, backbone: event.backbone, error: null };
    case 'checkpoint':
      return { ...t, checkpoint: event.checkpoint };
    case 'model': {
      const perEpoch = event.position.batchesPerEpoch || 1;
      const history = event.history;
      return {
        ...t,
        // A checkpoint brings its own settings back; a fresh run keeps the user's (auto epochs stays auto).
        ...(event.settings && event.model.origin === 'checkpoint' ? { settings: event.settings } : {}),
        summary: event.summary,
        model: event.model,
        dataDescription: event.dataDescription ?? t.dataDescription,
        series: { x: history.map((e) => e.step / perEpoch), loss: history.map((e) => e.loss), accuracy: history.map((e) => e.accuracy) },
        epochs: history,
        evaluation: null,
        confusionShares: [],
        prediction: null,
        predictError: null,
        position: event.position,
      };
    }
    case 'progress': {
      const { update } = event;
      const perEpoch = t.position.batchesPerEpoch || 1;
      const last = update.batches.at(-1);
      const lastEpoch = update.epochs.at(-1);
      return {
        ...t,
        series: {
          x: t.series.x.concat(update.batches.map((b) => (b.step + 1) / perEpoch)),
          loss: t.series.loss.concat(update.batches.map((b) => b.loss)),
          accuracy: t.series.accuracy.concat(update.batches.map((b) => b.accuracy)),
        },
        epochs: update.epochs.length ? t.epochs.concat(update.epochs) : t.epochs,
        samplesPerSec: update.samplesPerSec,
        waitFraction: update.waitFraction,
        ...(update.evaluation ? { evaluation: update.evaluation, confusionShares: normalizeRows(update.evaluation.confusion) } : {}),
        position: last
          ? { ...t.position, epoch: last.epoch, batch: last.batch + 1, step: last.step + 1 }
          : lastEpoch
            ? { ...t.position, epoch: lastEpoch.epoch + 1, batch: 0 }
            : t.position,
      };
    }
  }
}
