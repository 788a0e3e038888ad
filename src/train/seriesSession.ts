// One time-series training session's runtime, outside React (as session.ts is for images): tfjs,
// the model (models1d.ts), the same Trainer, evaluation and prediction through the pipeline's
// inference mode. The store subscribes to its updates and never touches tfjs; tfjs loads through
// import(), so importing this file keeps it out of the first page chunk.
import type * as tfTypes from '@tensorflow/tfjs';
import type { SeriesDataset } from '../data/series/dataset.js';
import { toWorkingLength } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { runSeriesPipeline } from '../pipeline/series/run.js';
import type { SeriesModelPreset } from './models1d.js';
import type { BatchSource } from '../workers/types.js';
import type { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, type Evaluation, type EpochEvent, type TrainerUpdate } from './types.js';

type Tf = typeof tfTypes;

export interface SeriesTrainSettings {
  preset: SeriesModelPreset;
  epochs: number;
  batchSize: number;
  learningRate: number;
  validationFraction: number;
  splitSeed: number;
}

export const DEFAULT_SERIES_SETTINGS: SeriesTrainSettings = { preset: 'cnn1d', epochs: 10, batchSize: 32, learningRate: 0.003, validationFraction: 0.2, splitSeed: 1 };

export interface SeriesSessionEvents {
  onUpdate(update: TrainerUpdate): void;
}

export interface SeriesPrediction {
  className: string;
  probability: number;
}

export interface SeriesSession {
  /** Trains a fresh model; resolves when the run ends (completed or stopped). */
  train(dataset: SeriesDataset, pipeline: Pipeline, settings: SeriesTrainSettings, events: SeriesSessionEvents): Promise<{ history: EpochEvent[]; evaluation?: Evaluation; backend: string }>;
  stop(): void;
  /** Class probabilities of one series (any length; brought to the working length as in import), most probable first. */
  predict(values: Float32Array, channels: number): Promise<SeriesPrediction[]>;
  /** The model export zip (seriesExport.ts) of the last trained model. */
  exportModel(): Promise<Uint8Array>;
}

const loadDefaultTf = async (): Promise<Tf> => {
  const tf = await (await import('./backend.js')).loadTf();
  await tf.ready();
  return tf;
};

/** Makes the batches of a run: in memory on this thread by default; the browser passes the worker pool's. */
export type SeriesSourceFactory = (dataset: SeriesDataset, pipeline: Pipeline, options: { validationFraction: number; splitSeed: number }) => BatchSource;

export function createSeriesSession(loadTf: () => Promise<Tf> = loadDefaultTf, makeSource?: SeriesSourceFactory): SeriesSession {
  let tf: Tf | undefined;
  let trainer: Trainer | undefined;
  let model: tfTypes.LayersModel | undefined;
  let trained: { pipeline: Pipeline; preset: SeriesModelPreset; dataset: Pick<SeriesDataset, 'length' | 'channels' | 'lengthRule' | 'classes'>; sampleShape: [number, number, number]; evaluation?: Evaluation } | undefined;

  return {
    async train(dataset, pipeline, settings, events) {
      tf ??= await loadTf();
      const [{ buildSeriesModel }, { seriesBatchSource }, { Trainer: TrainerClass }] = await Promise.all([import('./models1d.js'), import('./seriesSource.js'), import('./trainer.js')]);
      const source = (makeSource ?? seriesBatchSource)(dataset, pipeline, { validationFraction: settings.validationFraction, splitSeed: settings.splitSeed });
      trainer?.dispose();
      model?.dispose();
      const [, length, channels] = source.sampleShape;
      model = buildSeriesModel(tf, { preset: settings.preset, length, channels, numClasses: dataset.classes.length, seed: DEFAULT_SETTINGS.initSeed });
      trained = { pipeline, preset: settings.preset, dataset: { length: dataset.length, channels: dataset.channels, lengthRule: dataset.lengthRule, classes: [...dataset.classes] }, sampleShape: [...source.sampleShape] };
      let evaluation: Evaluation | undefined;
      trainer = new TrainerClass(tf, model, source, { ...DEFAULT_SETTINGS, autoEpochs: false, epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate }, {
        onUpdate: (update) => {
          evaluation = update.evaluation ?? evaluation;
          events.onUpdate(update);
        },
      });
      await trainer.run();
      trained.evaluation = evaluation;
      return { history: [...trainer.history], evaluation, backend: tf.getBackend() };
    },
    stop() {
      trainer?.stop();
    },
    async exportModel() {
      if (!tf || !model || !trained) throw new Error('No model to export yet: train one first.');
      const { exportSeriesModelZip } = await import('./seriesExport.js');
      const e = trained.evaluation;
      return exportSeriesModelZip(tf, {
        model,
        pipeline: trained.pipeline,
        classes: trained.dataset.classes,
        metadata: {
          preset: trained.preset,
          sampleShape: trained.sampleShape,
          workingLength: trained.dataset.length,
          lengthRule: trained.dataset.lengthRule,
          channels: trained.dataset.channels,
          backend: tf.getBackend(),
          ...(e ? { validation: { loss: e.loss, accuracy: e.accuracy, samples: e.samples } } : {}),
        },
      });
    },
    async predict(values, channels) {
      if (!tf || !model || !trained) throw new Error('No model yet: train one first.');
      if (channels !== trained.dataset.channels) throw new Error(`The series has ${channels} channel${channels > 1 ? 's' : ''}; the model was trained on ${trained.dataset.channels}.`);
      const { predictProbabilities } = await import('./evaluate.js');
      const working = toWorkingLength(values, channels, trained.dataset.length, trained.dataset.lengthRule);
      const out = runSeriesPipeline(trained.pipeline, { length: trained.dataset.length, channels, data: working }, { epoch: 0, index: 0, mode: 'inference' });
      const probabilities = await predictProbabilities(tf, model, out.data, trained.sampleShape);
      return trained.dataset.classes.map((className, i) => ({ className, probability: probabilities[i]! })).sort((a, b) => b.probability - a.probability);
    },
  };
}
