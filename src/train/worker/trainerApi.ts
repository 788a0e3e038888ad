// What the trainer's dedicated worker exposes (trainer.worker.ts, through Comlink): a training
// session in the worker, its methods taking and returning plain data. The data of a run is a
// DataHost on the page; events go back through one listener. It also times training steps for the
// page's measured "Auto" (measuredChooser.ts), so those steps do not run on the page's thread. Node tests call it in-process.
import type * as tfTypes from '@tensorflow/tfjs';
import type { ImageU8, Pipeline } from '../../pipeline/index.js';
import type { BackendName } from '../backend.js';
import type { ModelSpec } from '../models.js';
import type { BackendRequest, SeriesInput, SessionEvent, TrainingSession } from '../sessionTypes.js';
import { timeTrainingSteps } from '../stepTimer.js';
import { presetHasConvolutions, type Evaluation, type ModelPreset, type TrainSettings } from '../types.js';
import { remoteData, type DataHost } from './remoteSource.js';

/** Marks buffers to move rather than copy (Comlink.transfer in the worker; identity in-process). */
export type Transfer = <T>(value: T, buffers: ArrayBuffer[]) => T;

/** How the worker times a backend: its tfjs, and how it switches tfjs to a backend (backend.ts's selectBackend in the worker). */
export interface StepTimingHost {
  loadTf: () => Promise<typeof tfTypes>;
  useBackend: (backend: BackendName, options: { trainsConvolutions: boolean }) => Promise<boolean>;
}

/** One measurement asked of the worker: the model as the run will build it, its batch size, and about how long to take. */
export interface TimeStepsRequest {
  model: Omit<ModelSpec, 'seed'>;
  batchSize: number;
  budgetMs: number;
}

export function createTrainerApi(session: TrainingSession, transfer: Transfer = (v) => v, timing?: StepTimingHost) {
  /** Measurements still running: abandonTiming stops each at its next step. */
  const timingRuns = new Set<AbortController>();
  return {
    /** Samples/s of a few real training steps on `backend` here (stepTimer.ts); throws when it does not start or train. */
    async timeSteps(backend: BackendName, request: TimeStepsRequest): Promise<number> {
      if (!timing) throw new Error('this trainer worker does not time backends');
      const controller = new AbortController();
      timingRuns.add(controller);
      try {
        const tf = await timing.loadTf();
        const trainsConvolutions = presetHasConvolutions(request.model.preset);
        const result = await timeTrainingSteps(tf, backend, { ...request, useBackend: () => timing.useBackend(backend, { trainsConvolutions }), signal: controller.signal });
        return result.samplesPerS;
      } finally {
        timingRuns.delete(controller);
      }
    },
    /** The page stopped waiting for the measurements: each still running stops at its next step, before the run it chose starts here. */
    abandonTiming(): void {
      for (const controller of timingRuns) controller.abort(new Error('measurement abandoned: over its share of the budget'));
      timingRuns.clear();
    },
    subscribe(listener: (event: SessionEvent) => void): void {
      session.subscribe(listener);
    },
    selectBackend: (request: BackendRequest, preset?: ModelPreset) => session.selectBackend(request, preset),
    start: (settings: TrainSettings, pipeline: Pipeline, host: DataHost) => session.start({ settings, pipeline, data: (p) => remoteData(host, p) }),
    continueFromCheckpoint: (host: DataHost) => session.continueFromCheckpoint((p) => remoteData(host, p)),
    pause: () => session.pause(),
    resume: () => session.resume(),
    stop: () => session.stop(),
    findCheckpoint: () => session.findCheckpoint(),
    discardCheckpoint: () => session.discardCheckpoint(),
    predict: (input: ImageU8 | SeriesInput, fileName: string) => session.predict(input, fileName),
    async exportModel(extra: { settings: TrainSettings; evaluation: Evaluation | null }) {
      const file = await session.exportModel(extra);
      return file.bytes.buffer instanceof ArrayBuffer ? transfer(file, [file.bytes.buffer]) : file;
    },
    importModel: (bytes: Uint8Array, fileName: string) => session.importModel(bytes, fileName),
  };
}

export type TrainerApi = ReturnType<typeof createTrainerApi>;
