// What the trainer's dedicated worker exposes (trainer.worker.ts, through Comlink): a training
// session in the worker, its methods taking and returning plain data. The data of a run is a
// DataHost on the page; events go back through one listener. Node tests call it in-process.
import type { ImageU8, Pipeline } from '../../pipeline/index.js';
import type { BackendRequest, SessionEvent, TrainingSession } from '../sessionTypes.js';
import type { Evaluation, ModelPreset, TrainSettings } from '../types.js';
import { remoteData, type DataHost } from './remoteSource.js';

/** Marks buffers to move rather than copy (Comlink.transfer in the worker; identity in-process). */
export type Transfer = <T>(value: T, buffers: ArrayBuffer[]) => T;

export function createTrainerApi(session: TrainingSession, transfer: Transfer = (v) => v) {
  return {
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
    predict: (image: ImageU8, fileName: string) => session.predict(image, fileName),
    async exportModel(extra: { settings: TrainSettings; evaluation: Evaluation | null }) {
      const file = await session.exportModel(extra);
      return file.bytes.buffer instanceof ArrayBuffer ? transfer(file, [file.bytes.buffer]) : file;
    },
    importModel: (bytes: Uint8Array, fileName: string) => session.importModel(bytes, fileName),
  };
}

export type TrainerApi = ReturnType<typeof createTrainerApi>;
