// The training slice: settings, the run's live figures, evaluation, prediction, export/import and
// checkpoints. tfjs and the trainer are reached only through dynamic import(), so neither is in the
// first page chunk. No DOM here: the UI decodes images and saves files, this slice gets plain data.

import type { StateCreator } from 'zustand';
import { drawShapeParams, makeShapeImage, mulberry32, SAMPLE_CLASSES } from '../data/sampleImage.js';
import { parsePipeline, runPipeline, type ImageU8, type Pipeline } from '../pipeline/index.js';
import type { BackendName } from '../train/backend.js';
import type { ModelBundle } from '../train/exportModel.js';
import type { InputLayout } from '../train/models.js';
import type { Trainer } from '../train/trainer.js';
import { DEFAULT_SETTINGS, presetHasConvolutions, type EpochEvent, type Evaluation, type ModelPreset, type ModelSummary, type TrainerUpdate, type TrainSettings } from '../train/types.js';
import type { BatchSource, SampleShape } from '../workers/types.js';
import type { BackendState } from './appStore.js';

type Tf = typeof import('@tensorflow/tfjs');

export type TrainingStatus = 'idle' | 'preparing' | 'running' | 'paused' | 'stopped' | 'done' | 'failed';
export type BackendChoice = 'auto' | BackendName;

/** A model the page can predict with and export: trained here, continued from a checkpoint, or imported. */
export interface ModelInfo {
  origin: 'trained' | 'checkpoint' | 'imported';
  preset: ModelPreset;
  classes: string[];
  sampleShape: SampleShape;
  layout: InputLayout;
  /** Images are resized to this before the pipeline (the size the model was trained on). */
  inputSize: { width: number; height: number };
}

export interface PredictionResult {
  fileName: string;
  top: { className: string; probability: number }[];
}

export interface CheckpointInfo {
  epochsDone: number;
  epochs: number;
  preset: ModelPreset;
  savedAt: string;
  dataDescription: string;
}

export interface TrainingState {
  status: TrainingStatus;
  /** One line on the last outcome ("Stopped at epoch 2, batch 5"), or null. */
  message: string | null;
  /** What went wrong and what to do, or null. */
  error: string | null;
  settings: TrainSettings;
  backendChoice: BackendChoice;
  summary: ModelSummary | null;
  /** Per step: x in epochs (steps done / batches per epoch), training loss and accuracy. */
  series: { x: number[]; loss: number[]; accuracy: number[] };
  epochs: EpochEvent[];
  samplesPerSec: number;
  waitFraction: number;
  position: { epoch: number; batch: number; step: number; batchesPerEpoch: number };
  evaluation: Evaluation | null;
  model: ModelInfo | null;
  dataDescription: string | null;
  prediction: PredictionResult | null;
  predictError: string | null;
  checkpoint: CheckpointInfo | null;
}

export interface TrainingSlice {
  training: TrainingState;
  setTrainingSettings: (patch: Partial<TrainSettings>) => void;
  /** Switches the tfjs backend ('auto' runs the chain), saying why others were skipped. */
  chooseBackend: (choice: BackendChoice) => Promise<void>;
  /** Builds a fresh model and trains it on the current data and pipeline. */
  startTraining: () => Promise<void>;
  pauseTraining: () => void;
  /** Continues a paused run, or a stopped one from the step where it stopped. */
  resumeTraining: () => Promise<void>;
  stopTraining: () => void;
  /** Looks for a checkpoint left by an earlier visit (call once when the panel mounts). */
  checkForCheckpoint: () => Promise<void>;
  continueFromCheckpoint: () => Promise<void>;
  discardCheckpoint: () => Promise<void>;
  /** Runs the model's pipeline (inference mode) on an image already resized to model.inputSize. */
  predictImage: (image: ImageU8, fileName: string) => Promise<void>;
  /** The export file's name and bytes (the UI saves it). */
  exportModel: () => Promise<{ fileName: string; bytes: Uint8Array }>;
  importModel: (bytes: Uint8Array, fileName: string) => Promise<void>;
}

/**
 * What the slice reads from the rest of the store. `dataset` and `batchSource` come from the data
 * slice; without them (or while its dataset loads) training uses a small in-memory sample.
 */
export interface TrainingHost {
  pipeline: Pipeline;
  backend: BackendState;
  dataset?: { source: string; sizePx: number; classes: string[]; labels: ArrayLike<number> } | null;
  batchSource?: (pipeline: Pipeline, options?: { prefetch?: number }) => BatchSource;
}

/** The fallback data: this many built-in shape pictures of FALLBACK_SIZE_PX. */
const FALLBACK_SAMPLES = 256;
const FALLBACK_SIZE_PX = 32;
const FALLBACK_SEED = 7;

const EMPTY_SERIES = { x: [], loss: [], accuracy: [] };
/** How long Train waits for the data slice's first dataset (generated or read from IndexedDB at start). */
const DATASET_WAIT_MS = 90_000;

export function initialTrainingState(): TrainingState {
  return {
    status: 'idle',
    message: null,
    error: null,
    settings: { ...DEFAULT_SETTINGS },
    backendChoice: 'auto',
    summary: null,
    series: EMPTY_SERIES,
    epochs: [],
    samplesPerSec: 0,
    waitFraction: 0,
    position: { epoch: 0, batch: 0, step: 0, batchesPerEpoch: 0 },
    evaluation: null,
    model: null,
    dataDescription: null,
    prediction: null,
    predictError: null,
    checkpoint: null,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface TrainingData {
  source: BatchSource;
  classes: string[];
  inputSize: { width: number; height: number };
  description: string;
  /** Identifies the data, so a checkpoint is only continued on the same data. */
  key: string;
}

/** What lives outside the store: tfjs objects are neither serialisable nor immutable. */
interface Runtime {
  tf?: Tf;
  model?: import('@tensorflow/tfjs').LayersModel;
  trainer?: Trainer;
  /** The pipeline the current model was trained with (or came with): prediction and export use it. */
  pipeline?: Pipeline;
  data?: TrainingData;
}

export function makeTrainingSlice<S extends TrainingHost & TrainingSlice>(): StateCreator<S, [], [], TrainingSlice> {
  return (set, get, api) => {
    // The slice writes only its own field and `backend`.
    const put = set as (partial: Partial<TrainingHost & TrainingSlice>) => void;
    const runtime: Runtime = {};
    const patch = (changes: Partial<TrainingState>) => put({ training: { ...get().training, ...changes } });

    /** tfjs on a backend that can train `preset` (WASM cannot train convolutions without our kernel). */
    async function ensureTf(preset?: ModelPreset, force = false): Promise<Tf> {
      const { loadTf, selectBackend, wasmConvGradientGap } = await import('../train/backend.js');
      const tf = await loadTf();
      runtime.tf = tf;
      const { backend, training } = get();
      const wanted = training.backendChoice === 'auto' ? undefined : training.backendChoice;
      const convolutions = preset ? presetHasConvolutions(preset) : false;
      const fits =
        backend.status === 'ready' &&
        tf.engine().backendName === backend.name &&
        (!wanted || backend.name === wanted) &&
        !(convolutions && backend.name === 'wasm' && wasmConvGradientGap(tf));
      if (fits && !force) return tf;
      put({ backend: { status: 'detecting', skipped: [] } });
      try {
        const choice = await selectBackend(wanted, { trainsConvolutions: convolutions });
        put({ backend: { status: 'ready', name: choice.name, skipped: choice.skipped, ...(choice.adapter ? { adapter: choice.adapter } : {}) } });
      } catch (error) {
        put({ backend: { status: 'failed', skipped: [], error: message(error) } });
        throw error;
      }
      return tf;
    }

    /** With a data slice present, its dataset may still be loading at start: wait for it rather than train on other data. */
    async function waitForDataset(): Promise<void> {
      if (!get().batchSource || get().dataset) return;
      patch({ message: 'Waiting for the dataset to load…' });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`The dataset did not load within ${DATASET_WAIT_MS / 1000} s: see the Data panel for why, then press Train again.`));
        }, DATASET_WAIT_MS);
        const unsubscribe = api.subscribe((state) => {
          if (!state.dataset) return;
          clearTimeout(timer);
          unsubscribe();
          resolve();
        });
      });
    }

    async function trainingData(pipeline: Pipeline, settings: TrainSettings): Promise<TrainingData> {
      await waitForDataset();
      const { dataset, batchSource } = get();
      if (dataset && batchSource) {
        const source = batchSource(pipeline);
        const count = dataset.labels.length;
        return {
          source,
          classes: [...dataset.classes],
          inputSize: { width: dataset.sizePx, height: dataset.sizePx },
          description: `${dataset.source === 'sample' ? 'built-in sample' : 'your images'}: ${count} images of ${dataset.sizePx} px, ${dataset.classes.length} classes`,
          key: `${dataset.source}|${dataset.classes.join(',')}|${count}|${dataset.sizePx}`,
        };
      }
      // No data slice (or its dataset is still loading): a small sample of our own, made here in small chunks.
      const { pipelineSource, yieldToEventLoop } = await import('../train/memorySource.js');
      const images: ImageU8[] = [];
      const labels = new Int32Array(FALLBACK_SAMPLES);
      for (let i = 0; i < FALLBACK_SAMPLES; i++) {
        const label = i % SAMPLE_CLASSES.length;
        images.push(makeShapeImage(drawShapeParams(SAMPLE_CLASSES[label]!, mulberry32(FALLBACK_SEED * 100_003 + i), FALLBACK_SIZE_PX)));
        labels[i] = label;
        if (i % 32 === 31) await yieldToEventLoop();
      }
      return {
        source: pipelineSource(images, labels, pipeline, SAMPLE_CLASSES.length, { validationFraction: settings.validationFraction, seed: settings.seed }),
        classes: [...SAMPLE_CLASSES],
        inputSize: { width: FALLBACK_SIZE_PX, height: FALLBACK_SIZE_PX },
        description: `small built-in sample: ${FALLBACK_SAMPLES} shapes of ${FALLBACK_SIZE_PX} px`,
        key: `fallback|${SAMPLE_CLASSES.join(',')}|${FALLBACK_SAMPLES}|${FALLBACK_SIZE_PX}`,
      };
    }

    function disposeModel(): void {
      runtime.trainer?.stop();
      runtime.trainer?.dispose();
      runtime.trainer = undefined;
      runtime.model?.dispose();
      runtime.model = undefined;
    }

    function onUpdate(update: TrainerUpdate): void {
      const { training } = get();
      const perEpoch = training.position.batchesPerEpoch || 1;
      const series = {
        x: training.series.x.concat(update.batches.map((b) => (b.step + 1) / perEpoch)),
        loss: training.series.loss.concat(update.batches.map((b) => b.loss)),
        accuracy: training.series.accuracy.concat(update.batches.map((b) => b.accuracy)),
      };
      const last = update.batches.at(-1);
      const lastEpoch = update.epochs.at(-1);
      patch({
        series,
        epochs: update.epochs.length ? training.epochs.concat(update.epochs) : training.epochs,
        samplesPerSec: update.samplesPerSec,
        waitFraction: update.waitFraction,
        ...(update.evaluation ? { evaluation: update.evaluation } : {}),
        position: last
          ? { ...training.position, epoch: last.epoch, batch: last.batch + 1, step: last.step + 1 }
          : lastEpoch
            ? { ...training.position, epoch: lastEpoch.epoch + 1, batch: 0 }
            : training.position,
      });
    }

    /** Runs (or continues) the current trainer to its end, a stop or early stopping. */
    async function run(): Promise<void> {
      const trainer = runtime.trainer;
      if (!trainer) return;
      patch({ status: 'running', message: null, error: null });
      try {
        const outcome = await trainer.run();
        if (runtime.trainer !== trainer) return; // replaced by a new run meanwhile
        const { epoch, batch } = trainer.position;
        const text =
          outcome === 'completed'
            ? `Done: ${trainer.settings.epochs} epochs.`
            : outcome === 'early-stopped'
              ? `Stopped early after epoch ${epoch}: validation loss did not improve for ${trainer.settings.patience} epochs.`
              : `Stopped at epoch ${epoch + 1}, batch ${batch + 1}. Resume continues from there.`;
        patch({ status: outcome === 'stopped' ? 'stopped' : 'done', message: text });
      } catch (error) {
        patch({ status: 'failed', error: message(error) });
      }
    }

    async function checkpointAfterEpoch(tf: Tf, trainer: Trainer, pipeline: Pipeline, data: TrainingData): Promise<void> {
      const { saveCheckpoint } = await import('../train/checkpoint.js');
      const info = get().training.model;
      if (!info) return;
      try {
        await saveCheckpoint(tf, trainer.model, {
          settings: trainer.settings,
          epochsDone: trainer.position.epoch,
          step: trainer.position.step,
          history: [...trainer.history],
          classes: data.classes,
          pipeline,
          dataKey: data.key,
          dataDescription: data.description,
          sampleShape: [...data.source.sampleShape],
          inputSize: data.inputSize,
        });
        // The offer to continue is for after a reload; during this session Resume does that.
        patch({ checkpoint: null });
      } catch (error) {
        // Training goes on without a checkpoint; say why (e.g. storage full or private browsing).
        patch({ message: `Checkpoint not saved: ${message(error)}` });
      }
    }

    /** Sets up a trainer around `model` and runs it. */
    async function train(tf: Tf, model: import('@tensorflow/tfjs').LayersModel, settings: TrainSettings, pipeline: Pipeline, data: TrainingData, origin: ModelInfo['origin'], start?: { epoch: number; step: number; history: EpochEvent[] }) {
      const [{ Trainer }, { summarize }] = await Promise.all([import('../train/trainer.js'), import('../train/models.js')]);
      runtime.model = model;
      runtime.pipeline = pipeline;
      runtime.data = data;
      const trainer: Trainer = new Trainer(tf, model, data.source, settings, {
        onUpdate,
        onEpochEnd: () => checkpointAfterEpoch(tf, trainer, pipeline, data),
        ...(start ? { start: { epoch: start.epoch, step: start.step } } : {}),
      });
      if (start) trainer.history.push(...start.history);
      runtime.trainer = trainer;
      const batchesPerEpoch = data.source.trainBatches(settings.batchSize);
      const perEpoch = batchesPerEpoch || 1;
      patch({
        summary: summarize(model, settings.preset),
        model: { origin, preset: settings.preset, classes: data.classes, sampleShape: data.source.sampleShape, layout: pipeline.output.layout, inputSize: data.inputSize },
        dataDescription: data.description,
        series: start
          ? { x: start.history.map((e) => e.step / perEpoch), loss: start.history.map((e) => e.loss), accuracy: start.history.map((e) => e.accuracy) }
          : EMPTY_SERIES,
        epochs: start ? start.history : [],
        evaluation: null,
        prediction: null,
        predictError: null,
        position: { epoch: start?.epoch ?? 0, batch: 0, step: start?.step ?? 0, batchesPerEpoch },
      });
      await run();
    }

    return {
      training: initialTrainingState(),

      setTrainingSettings: (changes) => patch({ settings: { ...get().training.settings, ...changes } }),

      chooseBackend: async (choice) => {
        patch({ backendChoice: choice, error: null });
        try {
          await ensureTf(get().training.settings.preset, true);
        } catch (error) {
          patch({ error: `Backend ${choice}: ${message(error)}` });
        }
      },

      startTraining: async () => {
        const { status, settings } = get().training;
        if (status === 'preparing' || status === 'running' || status === 'paused') return;
        patch({ status: 'preparing', message: 'Preparing the backend, the data and the model…', error: null });
        try {
          const tf = await ensureTf(settings.preset);
          const pipeline = get().pipeline;
          const data = await trainingData(pipeline, settings);
          const { buildModel } = await import('../train/models.js');
          disposeModel();
          const model = buildModel(tf, { preset: settings.preset, sampleShape: data.source.sampleShape, layout: pipeline.output.layout, numClasses: data.classes.length, seed: settings.seed });
          await train(tf, model, settings, pipeline, data, 'trained');
        } catch (error) {
          patch({ status: 'failed', message: null, error: message(error) });
        }
      },

      pauseTraining: () => {
        if (get().training.status !== 'running') return;
        runtime.trainer?.pause();
        patch({ status: 'paused', message: 'Paused at the next batch boundary.' });
      },

      resumeTraining: async () => {
        const trainer = runtime.trainer;
        const { status } = get().training;
        if (!trainer) return;
        if (status === 'paused') {
          trainer.resume();
          patch({ status: 'running', message: null });
        } else if (status === 'stopped' && !trainer.done) {
          await run();
        }
      },

      stopTraining: () => {
        const { status } = get().training;
        if (status !== 'running' && status !== 'paused') return;
        runtime.trainer?.stop();
        patch({ message: 'Stopping at the next batch boundary…' });
      },

      checkForCheckpoint: async () => {
        try {
          const { readCheckpoint } = await import('../train/checkpoint.js');
          const record = await readCheckpoint();
          if (!record || record.state.epochsDone >= record.state.settings.epochs) {
            patch({ checkpoint: null });
            return;
          }
          const { state } = record;
          patch({ checkpoint: { epochsDone: state.epochsDone, epochs: state.settings.epochs, preset: state.settings.preset, savedAt: record.savedAt, dataDescription: state.dataDescription } });
        } catch {
          // No IndexedDB (or it refused): nothing to offer, and nothing the user needs to do.
          patch({ checkpoint: null });
        }
      },

      continueFromCheckpoint: async () => {
        const { status } = get().training;
        if (status === 'preparing' || status === 'running' || status === 'paused') return;
        patch({ status: 'preparing', message: 'Loading the checkpoint…', error: null });
        try {
          const { readCheckpoint, checkpointModel } = await import('../train/checkpoint.js');
          const record = await readCheckpoint();
          if (!record) throw new Error('The checkpoint is gone (storage was cleared): train anew.');
          const { state } = record;
          const tf = await ensureTf(state.settings.preset);
          const pipeline = parsePipeline(state.pipeline);
          const data = await trainingData(pipeline, state.settings);
          if (data.key !== state.dataKey) {
            throw new Error(`The checkpoint was trained on ${state.dataDescription}, but the data now is ${data.description}: load the same data to continue, or press Train to start anew.`);
          }
          disposeModel();
          const model = await checkpointModel(tf, record);
          patch({ settings: state.settings });
          await train(tf, model, state.settings, pipeline, data, 'checkpoint', { epoch: state.epochsDone, step: state.step, history: state.history });
        } catch (error) {
          patch({ status: 'failed', message: null, error: message(error) });
        }
      },

      discardCheckpoint: async () => {
        try {
          const { clearCheckpoint } = await import('../train/checkpoint.js');
          await clearCheckpoint();
        } finally {
          patch({ checkpoint: null });
        }
      },

      predictImage: async (image, fileName) => {
        const info = get().training.model;
        const { model, pipeline } = runtime;
        if (!info || !model || !pipeline) {
          patch({ predictError: 'No model yet: train one or import one first.', prediction: null });
          return;
        }
        try {
          const { predictProbabilities, topClasses } = await import('../train/evaluate.js');
          const tf = await ensureTf();
          const result = runPipeline(pipeline, image, { epoch: 0, index: 0, mode: 'inference' });
          const expected = info.sampleShape.reduce((a, b) => a * b, 1);
          if (result.data.length !== expected) {
            throw new Error(`${fileName}: the pipeline made ${result.width}x${result.height}x${result.channels}, the model takes [${info.sampleShape.join(', ')}].`);
          }
          const probabilities = await predictProbabilities(tf, model, result.data, info.sampleShape);
          patch({ prediction: { fileName, top: topClasses(probabilities, info.classes, 3).map(({ className, probability }) => ({ className, probability })) }, predictError: null });
        } catch (error) {
          patch({ predictError: message(error), prediction: null });
        }
      },

      exportModel: async () => {
        const info = get().training.model;
        const { model, pipeline } = runtime;
        if (!info || !model || !pipeline) throw new Error('No model to export yet: train one first.');
        const { exportModelZip, makeMetadata } = await import('../train/exportModel.js');
        const tf = await ensureTf();
        const { evaluation, settings } = get().training;
        const metadata = makeMetadata(tf, {
          preset: info.preset,
          sampleShape: [...info.sampleShape],
          layout: info.layout,
          inputSize: info.inputSize,
          backend: tf.getBackend(),
          ...(info.origin !== 'imported' ? { settings } : {}),
          ...(evaluation ? { validation: { loss: evaluation.loss, accuracy: evaluation.accuracy, samples: evaluation.samples } } : {}),
        });
        const bytes = await exportModelZip(tf, { model, pipeline, classes: info.classes, metadata });
        return { fileName: `augplay-model-${info.preset}.zip`, bytes };
      },

      importModel: async (bytes, fileName) => {
        const { status } = get().training;
        if (status === 'preparing' || status === 'running' || status === 'paused') {
          patch({ error: 'Stop training before importing a model.' });
          return;
        }
        try {
          const [{ importModelZip }, { summarize }] = await Promise.all([import('../train/exportModel.js'), import('../train/models.js')]);
          const tf = await ensureTf();
          const bundle: ModelBundle = await importModelZip(tf, bytes, fileName);
          disposeModel();
          runtime.model = bundle.model;
          runtime.pipeline = bundle.pipeline;
          const { metadata } = bundle;
          patch({
            status: 'idle',
            error: null,
            message: `Imported ${fileName}: ${bundle.classes.length} classes, trained with augplay ${metadata.appVersion} on tfjs ${metadata.tfjsVersion}. Predictions use its own pipeline.`,
            summary: summarize(bundle.model, metadata.preset),
            model: { origin: 'imported', preset: metadata.preset, classes: bundle.classes, sampleShape: metadata.sampleShape, layout: metadata.layout, inputSize: metadata.inputSize },
            evaluation: null,
            prediction: null,
            predictError: null,
          });
        } catch (error) {
          patch({ error: message(error) });
        }
      },
    };
  };
}
