// The browser side of the pool: real module workers behind Comlink, and the app's one DataEngine.
import { DataEngine } from './engine.js';
import type { PoolWorker } from './pool.js';
import { comlinkPoolWorker } from './poolWorker.js';
import type { WorkerApi } from './api.js';

/** One module worker running batch.worker.ts. Its death (an uncaught error, or terminate) is reported once. */
export function browserWorker(): PoolWorker<WorkerApi> {
  return comlinkPoolWorker<WorkerApi>(new Worker(new URL('./batch.worker.ts', import.meta.url), { type: 'module', name: 'augplay-batch' }), 'batch worker');
}

let engine: DataEngine | null = null;

/** The app's data engine (created on first use, so the page's first paint starts no workers). */
export function dataEngine(): DataEngine {
  engine ??= new DataEngine(browserWorker);
  return engine;
}
