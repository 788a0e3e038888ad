// One training session's runtime, outside React: the backend, the model, the trainer, a checkpoint
// after every epoch, prediction, export and import, for images or time series (one session per
// modality, the same code: each keeps its own model and checkpoint). The store subscribes to its
// event stream and never touches tfjs. tfjs and the trainer load through import(), so importing this file (or its
// types) keeps them out of the first page chunk.
import type * as tfTypes from '@tensorflow/tfjs';
import { parsePipeline, type Pipeline } from '../pipeline/index.js';
import type { CheckpointStore } from './checkpoint.js';
import type { FrameScheduler } from './publisher.js';
import { isBusy, type RunDelegate, type BackendChooser, type BackendRequest, type BackendState, type ModelInfo, type SessionEvent, type SessionModality, type TrainingData, type TrainingSession, type TrainingStatus } from './sessionTypes.js';
import type { Trainer } from './trainer.js';
import { errorMessage, presetHasConvolutions, settingsFromStored, type EpochEvent, type ModelPreset, type TrainSettings } from './types.js';

export * from './sessionTypes.js';

type Tf = typeof tfTypes;
type MeasuredRun = { model: Omit<import('./models.js').ModelSpec, 'seed'>; batchSize: number };

export interface SessionOptions {
  loadTf?: () => Promise<Tf>;
  chooseBackend?: BackendChooser;
  checkpoints?: CheckpointStore;
  /** How often the trainer publishes (default: animation frames). */
  scheduler?: FrameScheduler;
  /** Model width multiplier (tests use small models). */
  widthMultiplier?: number;
  /**
   * Where runs on CPU-bound backends train instead of here (worker/routedSession.ts: a dedicated
   * worker). Asked once the backend is chosen; a run with an imported backbone stays here.
   */
  delegate?: RunDelegate;
  /** What this session trains (default images): its checkpoint record, and which model files it imports. */
  modality?: SessionModality;
}

/** "Auto" = measured (measuredChooser.ts; backend.ts's fixed chain until the model is known, and for a forced backend). */
let measured: BackendChooser | undefined;
const defaultChooser: BackendChooser = async (t, request) => {
  measured ??= (await import('./measuredChooser.js')).measuredChooser();
  return measured(t, request);
};

const loadDefaultTf = async (): Promise<Tf> => (await import('./backend.js')).loadTf();
const defaultCheckpoints = async (modality: SessionModality): Promise<CheckpointStore> => (await import('./checkpoint.js')).checkpointsFor(modality);

export function createTrainingSession(options: SessionOptions = {}): TrainingSession {
  const listeners = new Set<(event: SessionEvent) => void>();
  const emit = (event: SessionEvent) => listeners.forEach((listener) => listener(event));
  const chooser = options.chooseBackend ?? defaultChooser;
  const modality = options.modality ?? 'image';
  const checkpoints = () => (options.checkpoints ? Promise.resolve(options.checkpoints) : defaultCheckpoints(modality));

  let status: TrainingStatus = 'idle';
  let backend: BackendState = { status: 'detecting', skipped: [] };
  let request: BackendRequest = 'auto';
  /** The model and batch size the current backend was chosen for (JSON), when 'auto' was told them. */
  let chosenFor: string | undefined;
  let tf: Tf | undefined;
  let model: tfTypes.LayersModel | undefined;
  let info: ModelInfo | undefined;
  let trainer: Trainer | undefined;
  /** The pipeline the current model was trained with (or came with): prediction and export use it. */
  let modelPipeline: Pipeline | undefined;
  /** The model that owns its layers, when `model` is a view sharing them (a head stacked on a backbone). */
  let head: tfTypes.LayersModel | undefined;
  let backbone: { loaded: import('./backbone.js').Backbone; featureLayer: string } | undefined;

  const setStatus = (next: TrainingStatus, message: string | null = null, error: string | null = null) => {
    status = next;
    emit({ type: 'status', status: next, message, error });
  };
  const setBackend = (next: BackendState) => {
    backend = next;
    emit({ type: 'backend', backend: next });
  };

  /**
   * tfjs on a backend that fits `preset` (WASM cannot train convolutions without our kernel). With
   * `run` (the model and batch size about to train) and the request 'auto', the chooser is asked
   * again whenever these differ from what it last chose for: a measured chooser times them.
   */
  async function ensureBackend(preset?: ModelPreset, force = false, run?: MeasuredRun): Promise<Tf> {
    tf ??= await (options.loadTf ?? loadDefaultTf)();
    const wanted = request === 'auto' ? undefined : request;
    const runKey = run && !wanted ? JSON.stringify(run) : undefined;
    if (!force && backend.status === 'ready' && tf.engine().backendName === backend.name && (!wanted || backend.name === wanted) && (!runKey || runKey === chosenFor)) {
      const { wasmConvGradientGap } = await import('./backend.js');
      if (!(preset && presetHasConvolutions(preset) && backend.name === 'wasm' && wasmConvGradientGap(tf))) return tf;
    }
    setBackend({ status: 'detecting', skipped: [] });
    try {
      const report = await chooser(tf, { ...(wanted ? { wanted } : {}), ...(preset ? { preset } : {}), ...(run && !wanted ? run : {}) });
      chosenFor = runKey;
      setBackend({ status: 'ready', name: report.name, skipped: report.skipped, ...(report.adapter ? { adapter: report.adapter } : {}), ...(report.candidates ? { candidates: report.candidates } : {}), ...(report.measured ? { measured: report.measured } : {}) });
    } catch (error) {
      setBackend({ status: 'failed', skipped: [], error: errorMessage(error) });
      throw error;
    }
    return tf;
  }

  /** Whether this run goes to the delegate (a CPU-bound backend was chosen). */
  const delegated = () => Boolean(options.delegate && !backbone && backend.status === 'ready' && backend.name && options.delegate.handles(backend.name));

  function disposeModel(): void {
    trainer?.stop();
    trainer?.dispose();
    trainer = undefined;
    // Disposing the stacked view would free the backbone's layers too; the head owns only its own.
    (head ?? model)?.dispose();
    head = undefined;
    model = undefined;
    info = undefined;
  }

  async function saveCheckpoint(t: Trainer, pipeline: Pipeline, data: TrainingData): Promise<void> {
    try {
      const { optimizerToPlain } = await import('./checkpoint.js');
      await (await checkpoints()).save(tf!, t.model, {
        settings: t.settings,
        epochsDone: t.position.epoch,
        step: t.position.step,
        history: [...t.history],
        classes: data.classes,
        pipeline,
        dataKey: data.key,
        dataDescription: data.description,
        sampleShape: [...data.source.sampleShape],
        inputSize: data.inputSize,
        ...(data.series ? { series: data.series } : {}),
        optimizer: await optimizerToPlain(t.optimizer),
      });
      // The offer to continue is for after a reload; during this session Resume does that.
      emit({ type: 'checkpoint', checkpoint: null });
    } catch (error) {
      // Training goes on without a checkpoint; say why (e.g. storage full or private browsing).
      emit({ type: 'message', message: `Checkpoint not saved: ${errorMessage(error)}` });
    }
  }

  /** Runs (or continues) the current trainer to its end, a stop or early stopping. */
  async function run(): Promise<void> {
    const t = trainer;
    if (!t) return;
    setStatus('running');
    try {
      const outcome = await t.run();
      if (trainer !== t) return; // replaced by a new run meanwhile
      const { epoch, batch } = t.position;
      if (outcome === 'stopped') setStatus('stopped', `Stopped at epoch ${epoch + 1}, batch ${batch + 1}. Resume continues from there.`);
      else if (outcome === 'early-stopped') setStatus('done', `Stopped early after epoch ${epoch}: validation loss did not improve for ${t.settings.patience} epochs.`);
      else setStatus('done', `Done: ${t.settings.epochs} epochs.`);
    } catch (error) {
      if (trainer === t) setStatus('failed', null, errorMessage(error));
    }
  }

  /** Puts `built` in place as the session's model, sets up its trainer, and runs it. */
  async function train(built: tfTypes.LayersModel, settings: TrainSettings, pipeline: Pipeline, data: TrainingData, origin: ModelInfo['origin'], start?: { epoch: number; step: number; history: EpochEvent[]; optimizer?: import('./checkpoint.js').PlainTensor[] }, view?: { model: tfTypes.LayersModel; sampleShape: TrainingData['source']['sampleShape']; fineTune?: import('./backboneRun.js').BackboneRun['fineTune'] }): Promise<void> {
    const [{ Trainer }, { summarize }] = await Promise.all([import('./trainer.js'), import('./models.js')]);
    model = view?.model ?? built;
    head = view ? built : undefined;
    modelPipeline = pipeline;
    info = { origin, preset: settings.preset, classes: data.classes, sampleShape: view?.sampleShape ?? data.source.sampleShape, layout: pipeline.output.layout, inputSize: data.inputSize, ...(settings.task === 'segmentation' ? { task: 'segmentation' as const, ...(data.classColours ? { classColours: data.classColours } : {}) } : {}), ...(data.series ? { series: data.series } : {}) };
    const t: Trainer = new Trainer(tf!, view?.fineTune?.model ?? built, data.source, settings, {
      onUpdate: (update) => emit({ type: 'progress', update }),
      onPaused: () => {
        if (status === 'running') setStatus('paused', 'Paused at a batch boundary.');
      },
      // A head on a backbone is not checkpointed: continuing it would need the backbone's files again.
      onEpochEnd: () => (view ? undefined : saveCheckpoint(t, pipeline, data)),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      ...(start ? { start: { epoch: start.epoch, step: start.step } } : {}),
      ...(view?.fineTune ? { slowWeights: view.fineTune.slowWeights } : {}),
    });
    if (start) t.history.push(...start.history);
    // The optimiser's moments and step count as they were: the run goes on as if never interrupted.
    if (start?.optimizer) await (await import('./checkpoint.js')).restoreOptimizer(tf!, t.optimizer, start.optimizer);
    trainer = t;
    const position = { epoch: start?.epoch ?? 0, batch: 0, step: start?.step ?? 0, batchesPerEpoch: data.source.trainBatches(settings.batchSize) };
    emit({ type: 'model', model: info, summary: summarize(model, settings.preset), settings, dataDescription: data.description, history: start?.history ?? [], position });
    await run();
  }

  /** Runs `body` as the start of a run: refused while one is active, a failure ends in status 'failed'. */
  async function beginRun(message: string, body: () => Promise<void>): Promise<void> {
    if (isBusy(status)) return;
    setStatus('preparing', message);
    try {
      await body();
    } catch (error) {
      setStatus('failed', null, errorMessage(error));
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async selectBackend(next, preset) {
      request = next;
      await ensureBackend(preset, true);
    },

    start: ({ settings, pipeline, data }) =>
      beginRun('Preparing the backend, the data and the model…', async () => {
        // The data first: 'auto' measures the backends on this model's shape and batch size.
        const d = await data(pipeline);
        const model = { preset: settings.preset, task: settings.task, sampleShape: d.source.sampleShape, layout: pipeline.output.layout, numClasses: d.classes.length, ...(options.widthMultiplier ? { widthMultiplier: options.widthMultiplier } : {}) };
        const t = await ensureBackend(settings.preset, false, backbone || settings.task === 'segmentation' ? undefined : { model, batchSize: settings.batchSize });
        if (delegated()) {
          status = 'idle'; // the delegate's session reports the run from here on
          return options.delegate!.start({ settings, pipeline, data }, backend.name!);
        }
        const { resolveEpochs } = await import('./budget.js');
        // trainBatches(1) is the number of training samples.
        const runSettings = resolveEpochs(settings, d.source.trainBatches(1));
        const { buildModel } = await import('./models.js');
        disposeModel();
        if (backbone) {
          const { prepareBackboneRun } = await import('./backboneRun.js');
          const prepared = prepareBackboneRun(t, backbone.loaded, backbone.featureLayer, pipeline, d.source, d.classes.length, settings);
          await train(prepared.head, runSettings, pipeline, { ...d, source: prepared.source }, 'trained', undefined, { model: prepared.stacked, sampleShape: d.source.sampleShape, ...(prepared.fineTune ? { fineTune: prepared.fineTune } : {}) });
          return;
        }
        const built = buildModel(t, { ...model, seed: settings.initSeed });
        await train(built, runSettings, pipeline, d, 'trained');
      }),

    pause() {
      if (status !== 'running') return;
      // The status turns to 'paused' when the trainer reaches the boundary (onPaused), not before:
      // the batch in flight still trains and is published.
      trainer?.pause();
      emit({ type: 'message', message: 'Pausing at the next batch boundary…' });
    },

    async resume() {
      if (!trainer) return;
      if (status === 'paused' || trainer.isPaused) {
        trainer.resume();
        if (status === 'paused') setStatus('running');
      } else if (status === 'stopped' && !trainer.done) {
        await run();
      }
    },

    stop() {
      if (status !== 'running' && status !== 'paused') return;
      trainer?.stop();
      emit({ type: 'message', message: 'Stopping at the next batch boundary…' });
    },

    async findCheckpoint() {
      try {
        const record = await (await checkpoints()).read();
        if (!record) return null;
        const settings = settingsFromStored(record.state.settings);
        if (record.state.epochsDone >= settings.epochs) return null;
        return { epochsDone: record.state.epochsDone, epochs: settings.epochs, preset: settings.preset, savedAt: record.savedAt, dataDescription: record.state.dataDescription };
      } catch {
        // No IndexedDB (or it refused): nothing to offer, and nothing the user needs to do.
        return null;
      }
    },

    continueFromCheckpoint: (data) =>
      beginRun('Loading the checkpoint…', async () => {
        const store = await checkpoints();
        const record = await store.read();
        if (!record) throw new Error('The checkpoint is gone (storage was cleared): train anew.');
        const { state } = record;
        const settings = settingsFromStored(state.settings);
        const t = await ensureBackend(settings.preset);
        if (delegated()) {
          status = 'idle';
          return options.delegate!.continueFromCheckpoint(data, backend.name!);
        }
        const pipeline = parsePipeline(state.pipeline);
        const d = await data(pipeline);
        if (d.key !== state.dataKey) {
          throw new Error(`The checkpoint was trained on ${state.dataDescription}, but the data now is ${d.description}: load the same data to continue, or press Train to start anew.`);
        }
        disposeModel();
        const built = await store.model(t, record);
        await train(built, settings, pipeline, d, 'checkpoint', { epoch: state.epochsDone, step: state.step, history: state.history, ...(state.optimizer ? { optimizer: state.optimizer } : {}) });
      }),

    async discardCheckpoint() {
      await (await checkpoints()).clear();
    },

    async predict(input, fileName) {
      if (!model || !info || !modelPipeline) throw new Error('No model yet: train one or import one first.');
      const { predictWith } = await import('./sessionModel.js');
      return predictWith(await ensureBackend(), model, info, modelPipeline, input, fileName);
    },

    async exportModel(extra) {
      if (!model || !info || !modelPipeline || isBusy(status)) throw new Error(isBusy(status) ? 'Stop training before exporting the model.' : 'No model to export yet: train one first.');
      const { exportZip } = await import('./sessionModel.js');
      return exportZip(await ensureBackend(), model, info, modelPipeline, extra);
    },

    async importBackbone(files, featureLayer) {
      if (isBusy(status)) throw new Error('Stop training before importing a backbone.');
      const { loadPageBackbone, backboneInfo } = await import('./backboneRun.js');
      const loaded = await loadPageBackbone(await ensureBackend(), files, featureLayer);
      // A model stacked on the old backbone goes with it.
      if (head) disposeModel();
      backbone?.loaded.dispose();
      backbone = { loaded: loaded.backbone, featureLayer: loaded.featureLayer };
      emit({ type: 'backbone', backbone: backboneInfo(loaded.backbone, loaded.featureLayer) });
    },

    async setBackboneLayer(layer, inputRange) {
      if (!backbone) throw new Error('No backbone: import one first.');
      const [{ checkFeatureLayer }, { backboneInfo }] = await Promise.all([import('./backbone.js'), import('./backboneRun.js')]);
      backbone.featureLayer = checkFeatureLayer(backbone.loaded, layer);
      if (inputRange !== undefined) backbone.loaded.inputRange = inputRange ?? undefined;
      emit({ type: 'backbone', backbone: backboneInfo(backbone.loaded, layer) });
    },

    removeBackbone() {
      if (!backbone || isBusy(status)) return;
      if (head) disposeModel();
      backbone.loaded.dispose();
      backbone = undefined;
      emit({ type: 'backbone', backbone: null });
    },

    async importModel(bytes, fileName) {
      if (isBusy(status)) throw new Error('Stop training before importing a model.');
      const [{ importZip }, { summarize }] = await Promise.all([import('./sessionModel.js'), import('./models.js')]);
      const imported = await importZip(await ensureBackend(), bytes, fileName, modality);
      disposeModel();
      model = imported.model;
      modelPipeline = imported.pipeline;
      info = imported.info;
      emit({ type: 'model', model: info, summary: summarize(model, info.preset), settings: null, dataDescription: null, history: [], position: { epoch: 0, batch: 0, step: 0, batchesPerEpoch: 0 } });
      setStatus('idle', imported.message);
    },
  };
}
