// The page's training session: runs train in a dedicated worker on every backend, so no training
// step, model build, shader compilation or evaluation blocks the page (issue 16: WebGL's shader
// compilation was a 0.9-2 s task here, a model's weight initialisation 76-300 ms; WebGL and WebGPU
// run in a worker through OffscreenCanvas / navigator.gpu). One TrainingSession to the store, one
// event stream: the main-thread session chooses the backend ("Auto" measures) and hands the run
// to the worker's session (backbone runs stay here), whose events
// then stand for the run (status, progress, model, checkpoints); prediction and export go to the
// session that holds the model.
import type { BackendName } from '../backend.js';
import type { MeasuredChooserOptions } from '../measuredChooser.js';
import { createTrainingSession, type SessionOptions } from '../session.js';
import { isBusy, type BackendChooser, type BackendState, type SessionEvent, type TrainingSession, type TrainingStatus } from '../sessionTypes.js';
import { dataHost, type DataHost } from './remoteSource.js';
import type { TrainerApi, Transfer } from './trainerApi.js';

/** Every method of the worker's API, asynchronous (what Comlink's wrap gives, or an in-process call). */
export type RemoteTrainerApi = { [K in keyof TrainerApi]: (...args: Parameters<TrainerApi[K]>) => Promise<Awaited<ReturnType<TrainerApi[K]>>> };

/** A connection to a trainer worker: its API, and how values cross to it. */
export interface TrainerLink {
  api: RemoteTrainerApi;
  /** Passes a callback or object by reference (Comlink.proxy; identity in-process). */
  proxy<T extends object>(value: T): T;
  /** Marks buffers to move (Comlink.transfer; identity in-process). */
  transfer: Transfer;
}

/** Backends whose training (and Auto's timing) runs in the worker. */
export const WORKER_BACKENDS: readonly string[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface RoutedSessionOptions extends SessionOptions {
  /** The measured Auto's storage and budget, when `chooseBackend` is not given (its CPU-bound candidates are timed in the worker). */
  measure?: Omit<MeasuredChooserOptions, 'offThread'>;
}

export function createRoutedSession(connect: () => TrainerLink, options: RoutedSessionOptions = {}): TrainingSession {
  const listeners = new Set<(event: SessionEvent) => void>();
  const emit = (event: SessionEvent) => listeners.forEach((listener) => listener(event));
  /** Which session holds the run and the model: events of the other are not the page's. */
  let holder: 'main' | 'worker' = 'main';
  let mainBackend: BackendState | undefined;
  let link: TrainerLink | undefined;
  let workerStatus: TrainingStatus = 'idle';

  const worker = (): TrainerLink => {
    if (!link) {
      link = connect();
      void link.api.subscribe(
        link.proxy((event: SessionEvent) => {
          if (event.type === 'status') workerStatus = event.status;
          if (holder !== 'worker') return;
          // The worker's backend is the one the page chose: keep the page's figures and say where it runs.
          if (event.type === 'backend') emit({ type: 'backend', backend: inWorker(event.backend) });
          else emit(event);
        }),
      );
    }
    return link;
  };
  /** The worker's backend is the one the page chose: the page's figures and reasons, and where it runs. */
  const inWorker = (state: BackendState): BackendState => {
    const chosenHere = mainBackend?.status === 'ready' && mainBackend.name === state.name;
    return {
      ...state,
      ...(state.adapter ? { adapter: `${state.adapter}, in a worker` } : {}),
      ...(chosenHere ? { skipped: mainBackend!.skipped, ...(mainBackend!.measured ? { measured: mainBackend!.measured } : {}) } : {}),
    };
  };
  const host = (data: Parameters<TrainingSession['start']>[0]['data']): DataHost => {
    const l = worker();
    return l.proxy(dataHost(data, l.transfer));
  };

  // "Auto" = measured, every candidate timed in the worker: a CPU-bound step is a second or more
  // of CPU work, and a GPU one's first step builds the model and compiles shaders, all of which on
  // this thread would be long tasks at Train.
  let measured: BackendChooser | undefined;
  const chooseBackend: BackendChooser =
    options.chooseBackend ??
    (async (tf, request) => {
      measured ??= (await import('../measuredChooser.js')).measuredChooser({
        ...options.measure,
        offThread: {
          backends: WORKER_BACKENDS,
          timeSteps: (backend, timed) => worker().api.timeSteps(backend as BackendName, timed),
          abandon: () => void worker().api.abandonTiming(),
          start: async (backend, preset) => {
            await worker().api.selectBackend(backend as BackendName, preset);
          },
        },
      });
      return measured(tf, request);
    });

  const main = createTrainingSession({
    ...options,
    chooseBackend,
    delegate: {
      handles: (backend) => WORKER_BACKENDS.includes(backend),
      async start(run, backend) {
        holder = 'worker';
        const { api } = worker();
        await api.selectBackend(backend as BackendName, run.settings.preset);
        await api.start(run.settings, run.pipeline, host(run.data));
      },
      async continueFromCheckpoint(data, backend) {
        holder = 'worker';
        const { api } = worker();
        await api.selectBackend(backend as BackendName);
        await api.continueFromCheckpoint(host(data));
      },
    },
  });
  main.subscribe((event) => {
    if (event.type === 'backend') mainBackend = event.backend;
    // The page's backend choice is always news; the rest only while the main thread holds the run.
    if (holder === 'main' || event.type === 'backend') emit(event);
  });

  /** Starts something on the main session, unless the worker's run is still going (one run at a time, as in one session). */
  const onMain = async (body: () => Promise<void>): Promise<void> => {
    if (holder === 'worker' && isBusy(workerStatus)) return;
    holder = 'main';
    await body();
  };
  const remote = () => worker().api;

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    selectBackend: (request, preset) => main.selectBackend(request, preset),
    start: (run) => onMain(() => main.start(run)),
    pause: () => (holder === 'worker' ? void remote().pause() : main.pause()),
    resume: () => (holder === 'worker' ? remote().resume() : main.resume()),
    stop: () => (holder === 'worker' ? void remote().stop() : main.stop()),
    // One IndexedDB for both: either session reads and clears the same checkpoint.
    findCheckpoint: () => main.findCheckpoint(),
    continueFromCheckpoint: (data) => onMain(() => main.continueFromCheckpoint(data)),
    discardCheckpoint: () => main.discardCheckpoint(),
    predict: (input, fileName) => (holder === 'worker' ? remote().predict(input, fileName) : main.predict(input, fileName)),
    exportModel: (extra) => (holder === 'worker' ? remote().exportModel(extra) : main.exportModel(extra)),
    importModel: (bytes, fileName) => onMain(() => main.importModel(bytes, fileName)),
    importBackbone: (files, featureLayer) => onMain(() => main.importBackbone(files, featureLayer)),
    removeBackbone: () => main.removeBackbone(),
    setBackboneLayer: (...args) => main.setBackboneLayer(...args),
  };
}
