// The page's trainer worker: a module worker running trainer.worker.ts, reached through Comlink.
// One per modality (each keeps its own model and checkpoint); the worker's name says which.
import * as Comlink from 'comlink';
import { TRAINER_WORKER_NAMES, type SessionModality } from '../sessionTypes.js';
import type { RemoteTrainerApi, TrainerLink } from './routedSession.js';
import type { TrainerApi } from './trainerApi.js';

/** Starts the worker (called on the first run that needs it, not at page load). */
export function browserTrainerLink(modality: SessionModality = 'image'): TrainerLink {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: TRAINER_WORKER_NAMES[modality] });
  // Comlink's Remote<T> is the API with every method asynchronous: RemoteTrainerApi, plus proxy plumbing.
  return { api: Comlink.wrap<TrainerApi>(worker) as unknown as RemoteTrainerApi, proxy: Comlink.proxy, transfer: Comlink.transfer };
}
