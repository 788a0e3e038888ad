// A pool of long-lived workers that runs jobs (one batch, one preview sample, one decode chunk) on
// whichever worker is free. A worker that throws or dies is replaced and its job re-run; an init
// step (sending the dataset) runs on every worker, including replacements, before its next job.

/** The worker API as the main thread sees it: every method returns a promise. */
export type AsyncApi<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** One worker as the pool sees it: a real Worker behind Comlink, or an in-process fake in tests. */
export interface PoolWorker<Api> {
  api: AsyncApi<Api>;
  /** Kills the worker; its exit listeners run (the pool then replaces it). */
  terminate(): void;
  /** Called once when the worker dies (uncaught error, crash, or terminate). */
  onExit(listener: (error: Error) => void): void;
}

export type WorkerFactory<Api> = () => PoolWorker<Api>;

export interface PoolOptions {
  /** Workers; default hardwareConcurrency - 1, at least 1. */
  size?: number;
  /** Tries per job before its error reaches the caller (a job failing every time is a bug, not bad luck). */
  maxAttempts?: number;
}

export class WorkerLostError extends Error {
  constructor(cause: Error) {
    super(`worker died: ${cause.message}`);
    this.name = 'WorkerLostError';
  }
}

export function defaultPoolSize(): number {
  // Read through globalThis: this file also runs in Node tests, where there may be no navigator.
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, cores - 1);
}

interface Task<Api> {
  job: (api: AsyncApi<Api>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
  signal?: AbortSignal | undefined;
  settled: boolean;
}

interface Slot<Api> {
  id: number;
  worker: PoolWorker<Api>;
  /** Resolves when the worker has run every init step so far. */
  ready: Promise<void>;
  task: Task<Api> | null;
  dead: boolean;
  retire: boolean;
  /** Rejects when the worker dies, so a job on a dead worker does not wait forever. */
  exited: Promise<never>;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

export class WorkerPool<Api> {
  private slots: Slot<Api>[] = [];
  private queue: Task<Api>[] = [];
  private targetSize: number;
  private readonly maxAttempts: number;
  private init: ((api: AsyncApi<Api>) => Promise<unknown>) | null = null;
  private nextId = 0;
  private destroyed = false;
  /** Workers started so far, replacements included (tests and the UI read it). */
  started = 0;
  /** Jobs re-run after their worker threw or died. */
  retries = 0;

  constructor(
    private readonly factory: WorkerFactory<Api>,
    options: PoolOptions = {},
  ) {
    this.targetSize = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  get size(): number {
    return this.targetSize;
  }

  /** Live workers (started lazily: none before the first job). */
  get workers(): readonly PoolWorker<Api>[] {
    return this.slots.filter((s) => !s.dead).map((s) => s.worker);
  }

  /** Changes the number of workers; busy workers beyond the new size finish their job first. */
  resize(size: number): void {
    this.targetSize = Math.max(1, Math.floor(size));
    let extra = this.slots.filter((s) => !s.retire).length - this.targetSize;
    for (const slot of [...this.slots].reverse()) {
      if (extra <= 0) break;
      if (slot.retire) continue;
      slot.retire = true;
      extra--;
      if (!slot.task) this.remove(slot);
    }
    this.pump();
  }

  /**
   * Sets the step every worker runs before its next job (and every new worker before its first),
   * e.g. sending the dataset. Resolves when the live workers have run it.
   */
  async setInit(init: (api: AsyncApi<Api>) => Promise<unknown>): Promise<void> {
    this.init = init;
    const live = this.slots.filter((s) => !s.dead);
    for (const slot of live) {
      slot.ready = slot.ready.then(() => init(slot.worker.api)).then(() => undefined);
    }
    await Promise.allSettled(live.map((s) => s.ready));
  }

  /** Runs `job` on a free worker. Rejects with the signal's reason if aborted before it finishes. */
  run<T>(job: (api: AsyncApi<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.destroyed) return Promise.reject(new Error('worker pool was destroyed'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const task: Task<Api> = { job, resolve: resolve as (v: unknown) => void, reject, attempts: 0, signal, settled: false };
      signal?.addEventListener(
        'abort',
        () => {
          // A queued job is dropped; a running one finishes on its worker and its result is dropped.
          const i = this.queue.indexOf(task);
          if (i >= 0) this.queue.splice(i, 1);
          this.settle(task, 'reject', abortError(signal));
        },
        { once: true },
      );
      this.queue.push(task);
      this.pump();
    });
  }

  destroy(): void {
    this.destroyed = true;
    for (const task of this.queue) this.settle(task, 'reject', new Error('worker pool was destroyed'));
    this.queue = [];
    for (const slot of this.slots) {
      slot.dead = true;
      slot.worker.terminate();
    }
    this.slots = [];
  }

  private settle(task: Task<Api>, how: 'resolve' | 'reject', value: unknown): void {
    if (task.settled) return;
    task.settled = true;
    if (how === 'resolve') task.resolve(value);
    else task.reject(value);
  }

  private spawn(): Slot<Api> {
    const worker = this.factory();
    this.started++;
    let onExit: (error: Error) => void = () => {};
    const exited = new Promise<never>((_, reject) => (onExit = (error) => reject(new WorkerLostError(error))));
    exited.catch(() => {}); // observed through Promise.race in execute; this only silences the unhandled warning
    const init = this.init;
    const slot: Slot<Api> = {
      id: this.nextId++,
      worker,
      ready: init ? init(worker.api).then(() => undefined) : Promise.resolve(),
      task: null,
      dead: false,
      retire: false,
      exited,
    };
    slot.ready.catch(() => {}); // an init failure surfaces in the next job on this worker
    worker.onExit((error) => {
      onExit(error);
      this.handleExit(slot);
    });
    this.slots.push(slot);
    return slot;
  }

  private handleExit(slot: Slot<Api>): void {
    if (slot.dead) return;
    slot.dead = true;
    this.slots = this.slots.filter((s) => s !== slot);
    // The running job (if any) is failed by `exited` in execute(); top the pool back up.
    this.pump();
  }

  private remove(slot: Slot<Api>): void {
    slot.dead = true;
    this.slots = this.slots.filter((s) => s !== slot);
    slot.worker.terminate();
  }

  private pump(): void {
    if (this.destroyed) return;
    while (this.slots.filter((s) => !s.retire).length < this.targetSize && this.queue.length > 0) {
      this.spawn();
    }
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.dead || slot.retire || slot.task) continue;
      const task = this.queue.shift()!;
      void this.execute(slot, task);
    }
  }

  private async execute(slot: Slot<Api>, task: Task<Api>): Promise<void> {
    slot.task = task;
    task.attempts++;
    try {
      const value = await Promise.race([slot.ready.then(() => task.job(slot.worker.api)), slot.exited]);
      slot.task = null;
      this.settle(task, 'resolve', value);
    } catch (error) {
      slot.task = null;
      // The worker threw or died: it may be in a bad state, so it is replaced either way.
      if (!slot.dead) this.remove(slot);
      if (task.settled) {
        // aborted meanwhile: nothing to re-run
      } else if (task.attempts < this.maxAttempts) {
        this.retries++;
        this.queue.unshift(task);
      } else {
        this.settle(task, 'reject', error);
      }
    }
    if (slot.retire && !slot.dead) this.remove(slot);
    this.pump();
  }
}
