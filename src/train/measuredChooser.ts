// The page's "Auto" backend: a BackendChooser (sessionTypes.ts) that, once the model and batch size
// are known, times a few real training steps on each backend that starts (stepTimer.ts), picks the
// fastest (autoBackend.ts, cached per model shape, batch size and machine in localStorage) and
// reports the figures and the reason. Before a model is known (page start) and when the user forces
// a backend, it is the fixed chain of backend.ts. Candidates can be timed off the page's thread
// (the trainer worker, worker/routedSession.ts, times all of them): a CPU-bound step is a second or
// more of CPU work, and a GPU backend's first steps build the model and compile shaders.
import { backendLabel, chooseBackend, isSoftwareAdapter, machineKey, mapStorage, webStorage, type AdapterInfoLike, type ChoiceStorage, type Measurement } from './autoBackend.js';
import type { BackendChoice, BackendName, SkippedBackend } from './backend.js';
import type { BackendChooser, BackendReport } from './sessionTypes.js';
import type { ModelSpec } from './models.js';
import { timeTrainingSteps } from './stepTimer.js';
import { presetHasConvolutions } from './types.js';

/**
 * Backends timed. Each gets an equal share of what is left of the budget, and one that overruns
 * (a first step compiling shaders, a CNN on a slow CPU) leaves little to the next, so the likely
 * winner goes first: the GPU on a hardware adapter, WASM beside a software one (SwiftShader). WebGL
 * is timed only where WebGPU has no adapter: both would drive the same GPU. CPU is timed only
 * when none starts: WASM runs the same math on the same cores, faster.
 */
function timedOrder(softwareGpu: boolean): readonly BackendName[] {
  return softwareGpu ? ['wasm', 'webgpu', 'webgl'] : ['webgpu', 'webgl', 'wasm'];
}

/** All candidates together: "a couple of seconds" (issue 16), with room for a GPU backend's shader compilation. */
export const MEASURE_BUDGET_MS = 4000;

interface GpuAdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}

/** The WebGPU adapter's facts (software or not), or undefined without WebGPU. */
async function webGpuAdapter(): Promise<AdapterInfoLike | undefined> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(o?: object): Promise<GpuAdapterLike | null> } } | undefined)?.gpu;
  if (!gpu) return undefined;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return undefined;
    const info = adapter.info ?? {};
    return { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter };
  } catch {
    return undefined;
  }
}

function defaultStorage(): ChoiceStorage {
  return typeof localStorage !== 'undefined' ? webStorage(localStorage) : mapStorage();
}

/** Times some backends elsewhere (the trainer worker), so their training steps do not block this thread. */
export interface OffThreadTimer {
  /** The backends timed there (WASM, CPU). */
  backends: readonly string[];
  /** Samples/s of a few training steps of `request.model` on `backend` there (stepTimer.ts); rejects when it does not train. */
  timeSteps(backend: string, request: { model: Omit<ModelSpec, 'seed'>; batchSize: number; budgetMs: number }): Promise<number>;
  /** The chooser stopped waiting: measurements still running there stop at their next step. */
  abandon(): void;
  /** Starts `backend` there before it is timed (outside the budget: autoBackend.ts's startBackend); rejects when it does not start. */
  start?(backend: string, preset: ModelSpec['preset']): Promise<void>;
}

export interface MeasuredChooserOptions {
  /** Where choices are remembered (default: localStorage, or memory where there is none). */
  storage?: ChoiceStorage;
  budgetMs?: number;
  /** Where the CPU-bound candidates are timed; default: here. */
  offThread?: OffThreadTimer;
  /** How tfjs is switched to a backend here; default backend.ts's selectBackend (tests pass their own). */
  selectBackend?: (name?: BackendName, options?: { trainsConvolutions?: boolean }) => Promise<BackendChoice>;
}

/** "auto" = measured, when the request names the model and batch size; otherwise backend.ts's chain. */
export function measuredChooser(options: MeasuredChooserOptions = {}): BackendChooser {
  const storage = options.storage ?? defaultStorage();
  return async (tf, request) => {
    const backendModule = await import('./backend.js');
    const { wasmConvGradientGap } = backendModule;
    const selectBackend = options.selectBackend ?? backendModule.selectBackend;
    const trainsConvolutions = request.preset === undefined ? true : presetHasConvolutions(request.preset);
    if (request.wanted || !request.model || !request.batchSize) return selectBackend(request.wanted, { trainsConvolutions });
    const { model, batchSize } = request;

    const skipped: SkippedBackend[] = [];
    const adapter = await webGpuAdapter();
    const candidates = timedOrder(adapter ? isSoftwareAdapter(adapter) : true).filter((name) => {
      if (name === 'webgpu' && !adapter) skipped.push({ name, reason: 'no WebGPU adapter here' });
      else if (name === 'webgl' && adapter) skipped.push({ name, reason: 'not timed: WebGPU drives the same GPU here' });
      else if (name === 'wasm' && trainsConvolutions && wasmConvGradientGap(tf)) skipped.push({ name, reason: wasmConvGradientGap(tf)! });
      else if (!tf.findBackendFactory(name)) skipped.push({ name, reason: 'not registered with tfjs' });
      else return true;
      return false;
    });
    if (candidates.length === 0) return selectBackend('cpu', { trainsConvolutions });
    const webglRenderer: { value?: string } = {};
    const runs: { settled: boolean; abandon: () => void }[] = [];
    const { offThread } = options;
    const choice = await chooseBackend({
      candidates,
      key: {
        model: `${model.preset}:${model.sampleShape.join('x')}:${model.layout}:${model.numClasses}${model.widthMultiplier ? `:w${model.widthMultiplier}` : ''}`,
        batchSize,
        machine: machineKey({ userAgent: globalThis.navigator?.userAgent, hardwareConcurrency: globalThis.navigator?.hardwareConcurrency, ...(adapter ? { adapter } : {}) }),
      },
      storage,
      budgetMs: options.budgetMs ?? MEASURE_BUDGET_MS,
      // Start-up (tfjs loading in the worker, a GPU device, WASM compilation) is outside the budget:
      // on the page these were paid at load; in the worker they come at the first Train.
      startBackend: async (name) => {
        const elsewhere = offThread?.backends.includes(name) ? offThread : undefined;
        if (elsewhere?.start) await elsewhere.start(name, model.preset);
        else if (!elsewhere) {
          const chosen = await selectBackend(name as BackendName, { trainsConvolutions });
          if (name === 'webgl') webglRenderer.value = chosen.adapter;
        }
      },
      isSoftware: (name) => (name === 'webgpu' ? isSoftwareAdapter(adapter) : name === 'webgl' ? isSoftwareAdapter({ description: webglRenderer.value ?? '' }) : false),
      timeSteps: async (name, budgetMs) => {
        const controller = new AbortController();
        const elsewhere = offThread?.backends.includes(name) ? offThread : undefined;
        const run = { settled: false, abandon: elsewhere ? () => elsewhere.abandon() : () => controller.abort(new Error('measurement abandoned: over its share of the budget')) };
        runs.push(run);
        try {
          if (elsewhere) return await elsewhere.timeSteps(name, { model, batchSize, budgetMs });
          const timing = await timeTrainingSteps(tf, name, {
            model,
            batchSize,
            budgetMs,
            signal: controller.signal,
            useBackend: async (backend) => {
              const chosen = await selectBackend(backend as BackendName, { trainsConvolutions });
              if (backend === 'webgl') webglRenderer.value = chosen.adapter;
              return true;
            },
          });
          return timing.samplesPerS;
        } finally {
          run.settled = true;
        }
      },
    });
    // A measurement given up on (too slow for its share) would go on stepping, and after the switch
    // below its steps would run on the chosen backend, on this thread (a 3 s task was seen), or in
    // the worker beside the run it chose: it stops at its next step instead.
    for (const run of runs) if (!run.settled) run.abandon();
    // The chooser timed; now run on the winner (its report says the device and, for WASM, the
    // threads). A winner that trains elsewhere is not started here: starting WebGL on this thread
    // compiles its test shaders synchronously (a long task at Train); the worker reports its device.
    const chosen: BackendChoice = offThread?.backends.includes(choice.chosen)
      ? { name: choice.chosen as BackendName, ...(choice.chosen === 'webgpu' && adapter ? { adapter: describeAdapter(adapter) } : {}), skipped: [] }
      : await selectBackend(choice.chosen as BackendName, { trainsConvolutions });
    const others = candidates.filter((name) => name !== choice.chosen).map((name) => ({ name, reason: describe(choice.measurements[name], choice.labels[name] ?? backendLabel(name)) }));
    const report: BackendReport = {
      name: chosen.name,
      ...(chosen.adapter ? { adapter: chosen.adapter } : {}),
      skipped: [...others, ...skipped],
      candidates: candidates.map((name) => {
        const m = choice.measurements[name];
        return { name, ...(m?.ok ? { msPerStep: (1000 * batchSize) / m.samplesPerS } : {}), note: describe(m, choice.labels[name] ?? name) };
      }),
      measured: { header: choice.header, reason: choice.reason, fromCache: choice.fromCache },
    };
    return report;
  };
}

/** The adapter as backend.ts names it: its description, else vendor / architecture / device. */
function describeAdapter(info: AdapterInfoLike): string | undefined {
  return info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' / ') || undefined;
}

function describe(m: Measurement | undefined, label: string): string {
  if (!m) return `${label}: not measured`;
  return m.ok ? `${label}: measured ${m.samplesPerS >= 10 ? Math.round(m.samplesPerS) : m.samplesPerS.toPrecision(2)} samples/s` : `${label}: did not train (${m.error})`;
}
