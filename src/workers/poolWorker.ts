// One Comlink-wrapped module worker as a pool member: its death (an uncaught error, an unreadable
// message, or terminate) is reported once. Shared by the image and series batch pools; the Worker
// itself is made at each call site, where Vite sees `new Worker(new URL(...))` and bundles it.
import * as Comlink from 'comlink';
import type { AsyncApi, PoolWorker } from './pool.js';

export function comlinkPoolWorker<Api extends object>(worker: Worker, what: string): PoolWorker<Api> {
  const remote = Comlink.wrap<Api>(worker);
  const listeners: ((error: Error) => void)[] = [];
  let dead = false;
  const die = (error: Error) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    remote[Comlink.releaseProxy]();
    for (const listener of listeners) listener(error);
  };
  worker.addEventListener('error', (event) => die(new Error(event.message || `uncaught error in ${what}`)));
  worker.addEventListener('messageerror', () => die(new Error(`a message from the ${what} could not be read`)));
  return {
    // Comlink's Remote<T> is AsyncApi<T> plus proxy plumbing: its methods take and return the same data.
    api: remote as unknown as AsyncApi<Api>,
    terminate: () => die(new Error('terminated')),
    onExit: (listener) => listeners.push(listener),
  };
}
