// Test support (as ../testing.ts): the trainer worker's API in-process, as a Comlink link would
// carry it. Every call answers on a later macrotask with its arguments and result cloned like
// messages; functions and the page's data host pass by reference (Comlink.proxy), and the page's
// callbacks answer on a later macrotask too. Buffers marked to move are recorded.
import type { RemoteTrainerApi, TrainerLink } from './routedSession.js';
import type { TrainerApi } from './trainerApi.js';

type AnyFn = (...args: unknown[]) => unknown;

const later = (run: () => void) => setTimeout(run, 0);
const byReference = (a: unknown) => typeof a === 'function' || (typeof a === 'object' && a !== null && 'next' in a);

export function inProcessLink(api: TrainerApi): { link: TrainerLink; calls: string[]; moved: ArrayBuffer[] } {
  const calls: string[] = [];
  const moved: ArrayBuffer[] = [];
  const remote = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, fn] of Object.entries(api)) {
    remote[name] = (...args) =>
      new Promise((resolve, reject) =>
        later(() => {
          calls.push(name);
          const sent = args.map((a) => (byReference(a) ? a : structuredClone(a)));
          Promise.resolve((fn as AnyFn)(...sent)).then((v) => resolve(v === undefined ? v : structuredClone(v)), reject);
        }),
      );
  }
  const proxy = <T extends object>(value: T): T => {
    if (typeof value === 'function') return value;
    const out = {} as Record<string, unknown>;
    for (const [name, fn] of Object.entries(value)) out[name] = typeof fn === 'function' ? (...a: unknown[]) => new Promise((r) => later(() => r((fn as AnyFn)(...a)))) : fn;
    return out as T;
  };
  const link: TrainerLink = { api: remote as unknown as RemoteTrainerApi, proxy, transfer: (v, buffers) => (moved.push(...buffers), v) };
  return { link, calls, moved };
}
