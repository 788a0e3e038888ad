// "Auto" backend = measured: time a few real training steps of the chosen model on each backend that
// starts, take the fastest, and remember the answer per (model shape, batch size, machine). Pure:
// the step timer and the storage are injected (stepTimer.ts times tfjs; the page stores in
// localStorage or IndexedDB, tests in a Map). Issue 16: on a machine whose WebGPU adapter is a
// software one (SwiftShader), WASM trained the small CNN ~12x faster than WebGPU.

/** Adapter facts, as GPUAdapter.info gives them (isFallbackAdapter from the adapter itself). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** Names of GPU drivers that run on the CPU (Chromium's SwiftShader, Mesa's llvmpipe/lavapipe, Windows' WARP). */
const SOFTWARE_ADAPTER_NAMES = ['swiftshader', 'llvmpipe', 'lavapipe', 'softpipe', 'microsoft basic render', 'warp'];

/** Whether the adapter is a software (CPU-emulated) or fallback one. */
export function isSoftwareAdapter(info: AdapterInfoLike | undefined): boolean {
  if (!info) return false;
  if (info.isFallbackAdapter === true) return true;
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ').toLowerCase();
  return SOFTWARE_ADAPTER_NAMES.some((name) => new RegExp(`\\b${name}\\b`).test(text));
}

const DISPLAY_NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** "WebGPU", "WebGPU (software adapter)", "WASM", ... as the header shows a backend. */
export function backendLabel(backend: string, software = false): string {
  const name = DISPLAY_NAMES[backend] ?? backend;
  return software ? `${name} (software adapter)` : name;
}

/** What one backend's measurement gave. */
export type Measurement = { ok: true; samplesPerS: number } | { ok: false; error: string };

export interface AutoChoice {
  /** The backend to train on: the fastest that started. */
  chosen: string;
  /** Per candidate, in the order measured: samples/s, or why it did not run. */
  measurements: Record<string, Measurement>;
  /** Header labels per candidate ("WebGPU (software adapter)"). */
  labels: Record<string, string>;
  /** "WASM: 12 samples/s, WebGPU (software adapter): 1 samples/s". */
  header: string;
  /** Why this one, in a sentence. */
  reason: string;
  /** True when the answer came from storage, not from timing now. */
  fromCache: boolean;
}

/** Where choices are kept between visits; get may return undefined for a missing key. */
export interface ChoiceStorage {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string): Promise<void> | void;
}

/** A Map as ChoiceStorage (tests; a page that should not persist). */
export function mapStorage(map: Map<string, string> = new Map()): ChoiceStorage {
  return { get: (key) => map.get(key), set: (key, value) => void map.set(key, value) };
}

/** localStorage (or any Web Storage) as ChoiceStorage; storage errors (quota, privacy mode) only lose the cache. */
export function webStorage(storage: Pick<Storage, 'getItem' | 'setItem'>): ChoiceStorage {
  return {
    get: (key) => {
      try {
        return storage.getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set: (key, value) => {
      try {
        storage.setItem(key, value);
      } catch {
        // A full or disabled storage means measuring again next time, nothing worse.
      }
    },
  };
}

export interface ChoiceKey {
  /** The model's shape: preset and sample shape, e.g. "cnn-small:64x64x3:10". */
  model: string;
  batchSize: number;
  /** What identifies the machine: see machineKey. */
  machine: string;
}

/** A short key for "this machine": user agent, CPU threads and the GPU adapter, which set the speeds. */
export function machineKey(parts: { userAgent?: string; hardwareConcurrency?: number; adapter?: AdapterInfoLike }): string {
  const a = parts.adapter;
  const adapter = a ? [a.vendor, a.architecture, a.device, a.description, a.isFallbackAdapter ? 'fallback' : ''].filter(Boolean).join('/') : 'no-webgpu';
  return `${parts.userAgent ?? '?'}|${parts.hardwareConcurrency ?? '?'}|${adapter}`;
}

/** Bumped when what is stored changes meaning; older entries are measured again. */
export const CHOICE_STORAGE_VERSION = 1;
const STORAGE_PREFIX = 'augplay.autoBackend';

export function storageKey(key: ChoiceKey): string {
  return `${STORAGE_PREFIX}.v${CHOICE_STORAGE_VERSION}|${key.model}|b${key.batchSize}|${key.machine}`;
}

/** Total time for measuring every candidate: "a couple of seconds in all" (issue 16). */
export const DEFAULT_BUDGET_MS = 3000;

export interface ChooseOptions {
  /** Backends to try, in order of preference (the order breaks ties). */
  candidates: readonly string[];
  /**
   * Times training steps on one backend within about `budgetMs` and returns samples/s; throws if
   * the backend does not start or cannot train. The chooser also stops waiting after the budget.
   */
  timeSteps: (backend: string, budgetMs: number) => Promise<number>;
  /**
   * Starts a backend before it is timed (loads tfjs where it runs, initialises the device). Its
   * start-up is not part of the budget, which is for training steps: a backend that starts in a
   * worker pays there what the page paid at load, and must not lose its share to it. Bounded by
   * `startLimitMs`; a rejection or an overrun counts as "did not run".
   */
  startBackend?: (backend: string) => Promise<void>;
  /** How long one start may take; default START_LIMIT_MS. */
  startLimitMs?: number;
  /** Whether a backend runs on a software adapter (WebGPU on SwiftShader, ...); default: none. */
  isSoftware?: (backend: string) => boolean;
  key: ChoiceKey;
  storage: ChoiceStorage;
  budgetMs?: number;
  /** Measure even if a choice is stored (the user asked to re-measure). */
  remeasure?: boolean;
  /** Clock in ms (tests pass a fake one); default Date.now. */
  now?: () => number;
}

function formatRate(samplesPerS: number): string {
  return samplesPerS >= 100 ? Math.round(samplesPerS).toLocaleString('en-US') : samplesPerS >= 10 ? samplesPerS.toFixed(0) : samplesPerS.toPrecision(2).replace(/\.?0+$/, '');
}

/** The header line: fastest first, then the ones that failed. */
export function headerText(measurements: Record<string, Measurement>, labels: Record<string, string>): string {
  const entries = Object.entries(measurements);
  const ok = entries.filter((e): e is [string, { ok: true; samplesPerS: number }] => e[1].ok).sort((a, b) => b[1].samplesPerS - a[1].samplesPerS);
  const failed = entries.filter(([, m]) => !m.ok);
  return [
    ...ok.map(([name, m]) => `${labels[name] ?? name}: ${formatRate(m.samplesPerS)} samples/s`),
    ...failed.map(([name]) => `${labels[name] ?? name}: did not run`),
  ].join(', ');
}

interface Stored {
  version: number;
  chosen: string;
  measurements: Record<string, Measurement>;
  labels: Record<string, string>;
}

function parseStored(text: string | undefined, candidates: readonly string[]): Stored | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Stored>;
    if (value.version !== CHOICE_STORAGE_VERSION || typeof value.chosen !== 'string' || !candidates.includes(value.chosen)) return undefined;
    if (typeof value.measurements !== 'object' || value.measurements === null || typeof value.labels !== 'object' || value.labels === null) return undefined;
    return value as Stored;
  } catch {
    return undefined;
  }
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let id: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    id = setTimeout(() => reject(new Error(`no result within ${Math.round(ms)} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(id) };
}

/** How long the chooser waits for one backend beyond its share before giving up on it. */
const WAIT_GRACE = 1.5;

/** The longest one backend's start may take (WebGPU on SwiftShader takes a few seconds; a driver that never answers must not hold Train). */
export const START_LIMIT_MS = 20_000;

/**
 * Measures each candidate (each gets an equal share of what is left of the budget) and picks the
 * fastest that ran; returns the stored choice instead when there is one for this key. Throws only
 * when no candidate ran, with every backend's reason.
 */
export async function chooseBackend(options: ChooseOptions): Promise<AutoChoice> {
  const { candidates, timeSteps, key, storage } = options;
  if (candidates.length === 0) throw new Error('Auto backend: no candidate backends to measure');
  const labels = Object.fromEntries(candidates.map((c) => [c, backendLabel(c, options.isSoftware?.(c) ?? false)]));
  const id = storageKey(key);
  if (!options.remeasure) {
    const stored = parseStored(await storage.get(id), candidates);
    if (stored) {
      return { ...stored, header: headerText(stored.measurements, stored.labels), reason: `${stored.labels[stored.chosen] ?? stored.chosen} was the fastest when measured on this machine for this model and batch size`, fromCache: true };
    }
  }
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const now = options.now ?? Date.now;
  const started = now();
  /** Time spent starting backends: outside the budget. */
  let startingMs = 0;
  const measurements: Record<string, Measurement> = {};
  for (const [i, backend] of candidates.entries()) {
    if (options.startBackend) {
      const startedAt = now();
      const limit = timeout(options.startLimitMs ?? START_LIMIT_MS);
      try {
        const start = options.startBackend(backend);
        start.catch(() => undefined);
        await Promise.race([start, limit.promise]);
      } catch (error) {
        measurements[backend] = { ok: false, error: `did not start: ${error instanceof Error ? error.message : String(error)}` };
        continue;
      } finally {
        limit.cancel();
        startingMs += now() - startedAt;
      }
    }
    const left = Math.max(0, budgetMs - (now() - started - startingMs));
    const share = left / (candidates.length - i);
    const limit = timeout(Math.max(share, 1) * WAIT_GRACE);
    try {
      const run = timeSteps(backend, share);
      // A measurement given up on may still fail later; that must not surface as an unhandled rejection.
      run.catch(() => undefined);
      const samplesPerS = await Promise.race([run, limit.promise]);
      measurements[backend] = Number.isFinite(samplesPerS) && samplesPerS > 0 ? { ok: true, samplesPerS } : { ok: false, error: `measured ${samplesPerS} samples/s` };
    } catch (error) {
      measurements[backend] = { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      limit.cancel();
    }
  }
  let chosen: string | undefined;
  for (const backend of candidates) {
    const m = measurements[backend];
    const best = chosen ? measurements[chosen] : undefined;
    if (m?.ok && (!best?.ok || m.samplesPerS > best.samplesPerS)) chosen = backend;
  }
  if (!chosen) {
    const why = candidates.map((c) => `${labels[c]}: ${(measurements[c] as { error: string }).error}`).join('; ');
    throw new Error(`Auto backend: no backend could train this model here (${why})`);
  }
  const header = headerText(measurements, labels);
  const others = candidates.filter((c) => c !== chosen && measurements[c]?.ok);
  const reason = others.length > 0 ? `${labels[chosen]} trained fastest of those measured` : `${labels[chosen]} was the only backend that trained`;
  await storage.set(id, JSON.stringify({ version: CHOICE_STORAGE_VERSION, chosen, measurements, labels } satisfies Stored));
  return { chosen, measurements, labels, header, reason, fromCache: false };
}
