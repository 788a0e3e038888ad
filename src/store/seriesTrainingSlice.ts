// The time-series training slice: the same TrainingState and reducer as images (trainingState.ts),
// folded from the series session's events (train/seriesSession.ts: the one session code, made for
// series), plus thin actions. The series dataset and pipeline come from the series slice; the
// backend the session chooses goes to the page's `backend` (the header shows its figures).
import type { StateCreator } from 'zustand';
import { errorMessage } from '../pipeline/errorMessage.js';
import { DEFAULT_SERIES_SETTINGS } from '../train/seriesSession.js';
import type { SeriesSourceFactory } from '../train/seriesSource.js';
import type { BackendRequest, PredictionResult, TrainingData, TrainingSession } from '../train/sessionTypes.js';
import type { TrainSettings } from '../train/types.js';
import type { AppState } from './appStore.js';
import { parseSeriesText } from './seriesSlice.js';
import { applySessionEvent, initialTrainingState, type TrainingState } from './trainingState.js';

export interface SeriesTrainingSlice {
  seriesTraining: TrainingState;
  seriesPrediction: { result: PredictionResult['top'] | null; error: string | null };
  setSeriesTrainingSettings: (patch: Partial<TrainSettings>) => void;
  /** Builds a fresh series model and trains it on the series dataset and pipeline. */
  trainSeries: () => Promise<void>;
  pauseSeries: () => void;
  resumeSeries: () => Promise<void>;
  stopSeries: () => void;
  /** Looks for the series checkpoint an earlier visit left (call when the panel mounts). */
  checkSeriesCheckpoint: () => Promise<void>;
  continueSeriesCheckpoint: () => Promise<void>;
  discardSeriesCheckpoint: () => Promise<void>;
  /** Predicts a pasted or uploaded series: one line per time step, channels separated by commas, tabs or spaces. */
  predictSeries: (text: string) => Promise<void>;
  /** The model's export zip (tfjs model, pipeline, classes, metadata, pytorch/). */
  exportSeriesModel: () => Promise<Uint8Array>;
  /** Reads a series model export; predictions then use its own pipeline and working length. */
  importSeriesModel: (bytes: Uint8Array, fileName: string) => Promise<void>;
}

export interface SeriesTrainingServices {
  /** The series session (made on first use: the browser's trains CPU-bound runs in its worker). */
  session: () => Promise<TrainingSession>;
  /** Where batches are made, loaded on first use (default: in memory on this thread; the page: the series worker pool). */
  source?: () => Promise<SeriesSourceFactory>;
}

export function makeSeriesTrainingSlice(services: SeriesTrainingServices): StateCreator<AppState, [], [], SeriesTrainingSlice> {
  return (set, get) => {
    const patch = (changes: Partial<TrainingState>) => set({ seriesTraining: { ...get().seriesTraining, ...changes } });
    let subscribed: Promise<TrainingSession> | undefined;
    /** The session, subscribed once: its events are this slice's state, its backend the page's. */
    const session = () =>
      (subscribed ??= services.session().then((s) => {
        s.subscribe((event) => {
          if (event.type === 'backend') set({ backend: event.backend });
          else set({ seriesTraining: applySessionEvent(get().seriesTraining, event) });
        });
        return s;
      }));
    const data = async (pipeline: Parameters<Parameters<TrainingSession['start']>[0]['data']>[0]): Promise<TrainingData> => {
      const dataset = get().seriesDataset;
      if (!dataset) throw new Error('No time series loaded: add a file or the built-in sample first.');
      const { seriesTrainingData } = await import('../train/seriesSource.js');
      return seriesTrainingData(dataset, pipeline, services.source ? await services.source() : undefined);
    };
    const failed = (error: unknown) => patch({ error: errorMessage(error) });
    /** The backend request last passed to the series session (it starts at "auto"). */
    let requested: BackendRequest = 'auto';

    return {
      seriesTraining: { ...initialTrainingState(), settings: { ...DEFAULT_SERIES_SETTINGS } },
      seriesPrediction: { result: null, error: null },
      setSeriesTrainingSettings: (changes) => patch({ settings: { ...get().seriesTraining.settings, ...changes } }),
      trainSeries: async () => {
        const s = await session();
        const { settings } = get().seriesTraining;
        // The page's Backend setting (the header's select) holds for series runs too; "Auto" measures the series model.
        const wanted = get().training.backendRequest;
        if (wanted !== requested) {
          requested = wanted;
          await s.selectBackend(wanted, settings.preset).catch(failed);
        }
        await s.start({ settings, pipeline: get().seriesPipeline, data });
      },
      pauseSeries: () => void session().then((s) => s.pause()),
      resumeSeries: async () => (await session()).resume(),
      stopSeries: () => void session().then((s) => s.stop()),
      checkSeriesCheckpoint: async () => patch({ checkpoint: await (await session()).findCheckpoint() }),
      continueSeriesCheckpoint: async () => (await session()).continueFromCheckpoint(data),
      discardSeriesCheckpoint: async () => {
        try {
          await (await session()).discardCheckpoint();
        } finally {
          patch({ checkpoint: null });
        }
      },
      predictSeries: async (text) => {
        try {
          const input = parseSeriesText(text);
          const result = await (await session()).predict(input, 'Series to predict');
          set({ seriesPrediction: { result: result.top, error: null } });
        } catch (e) {
          set({ seriesPrediction: { result: null, error: errorMessage(e) } });
        }
      },
      exportSeriesModel: async () => {
        const t = get().seriesTraining;
        const file = await (await session()).exportModel({ settings: t.settings, evaluation: t.evaluation });
        // The zip's pytorch/ folder (src/export), as for images: the 1-D CNN or MLP, its weights, predict.py and train.py.
        const { addPytorchFolder } = await import('../export/modelZip.js');
        return addPytorchFolder(file.bytes).zip;
      },
      importSeriesModel: async (bytes, fileName) => {
        set({ seriesPrediction: { result: null, error: null } });
        await (await session()).importModel(bytes, fileName).catch(failed);
      },
    };
  };
}
