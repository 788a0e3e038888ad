// An in-process stand-in for a pool worker: the same worker API object, called asynchronously
// (each call on a later macrotask, like a message), and killable. Node tests use it; so could a
// browser with no module workers.

import type { AsyncApi, PoolWorker } from './pool.js';

export interface InProcessWorker<Api> extends PoolWorker<Api> {
  /** Calls started on this worker (tests use it to kill a worker mid-epoch). */
  readonly calls: number;
  readonly dead: boolean;
}

export function inProcessWorker<Api extends object>(api: Api, options: { delayMs?: number } = {}): InProcessWorker<Api> {
  const listeners: ((error: Error) => void)[] = [];
  let dead = false;
  let calls = 0;
  const wrapped = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, fn] of Object.entries(api)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      calls++;
      // A dead worker never answers, exactly like a terminated Worker under Comlink.
      return new Promise((resolve, reject) => {
        setTimeout(() => {
          if (dead) return;
          Promise.resolve()
            .then(() => (fn as (...a: unknown[]) => unknown).apply(api, args))
            .then(
              (value) => {
                if (!dead) resolve(value);
              },
              (error: unknown) => {
                if (!dead) reject(error);
              },
            );
        }, options.delayMs ?? 0);
      });
    };
  }
  return {
    // The wrapper has one async function per method of Api, which is what AsyncApi<Api> describes.
    api: wrapped as unknown as AsyncApi<Api>,
    get calls() {
      return calls;
    },
    get dead() {
      return dead;
    },
    terminate() {
      if (dead) return;
      dead = true;
      for (const listener of listeners) listener(new Error('terminated'));
    },
    onExit(listener) {
      listeners.push(listener);
    },
  };
}
