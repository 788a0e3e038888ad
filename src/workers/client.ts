// The browser side of the pool: real module workers behind Comlink, and the app's one DataEngine.
import * as Comlink from 'comlink';
import type { BatchWorkerApi } from './batch.worker.js';
import { DataEngine } from './engine.js';
import type { AsyncApi, PoolWorker } from './pool.js';
import type { WorkerApi } from './api.js';

/** One module worker running batch.worker.ts. Its death (an uncaught error, or terminate) is reported once. */
export function browserWorker(): PoolWorker<WorkerApi> {
  const worker = new Worker(new URL('./batch.worker.ts', import.meta.url), { type: 'module', name: 'augplay-batch' });
  const remote = Comlink.wrap<BatchWorkerApi>(worker);
  const listeners: ((error: Error) => void)[] = [];
  let dead = false;
  const die = (error: Error) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    remote[Comlink.releaseProxy]();
    for (const listener of listeners) listener(error);
  };
  worker.addEventListener('error', (event) => die(new Error(event.message || 'uncaught error in batch worker')));
  worker.addEventListener('messageerror', () => die(new Error('a message from the batch worker could not be read')));
  return {
    // Comlink's Remote<T> is AsyncApi<T> plus proxy plumbing: its methods take and return the same data.
    api: remote as unknown as AsyncApi<WorkerApi>,
    terminate: () => die(new Error('terminated')),
    onExit: (listener) => listeners.push(listener),
  };
}

let engine: DataEngine | null = null;

/** The app's data engine (created on first use, so the page's first paint starts no workers). */
export function dataEngine(): DataEngine {
  engine ??= new DataEngine(browserWorker);
  return engine;
}
