// The app's state as a vanilla zustand store: React reads it through the hook in ./index.ts, and
// non-React code (the training session's events, worker callbacks) can read and update it directly.
import { createStore } from 'zustand/vanilla';
import { makeSampleImage, type SampleImage } from '../data/sampleImage.js';
import type { TrainingSession } from '../train/session.js';
import { browserTrainerLink } from '../train/worker/browserTrainer.js';
import { createRoutedSession } from '../train/worker/routedSession.js';
import { createPipelineSlice, type PipelineSlice } from './pipelineSlice.js';
import { makeDataSlice, type DataServices, type DataSlice } from './dataSlice.js';
import { makePreviewSlice, type PreviewSlice } from './previewSlice.js';
import { makeTrainingSlice, type TrainingSlice } from './trainingSlice.js';
import { makeSeriesSlice, type SeriesServices, type SeriesSlice } from './seriesSlice.js';
import { browserSeriesServices } from './seriesServices.js';
import { makeSeriesTrainingSlice, type SeriesTrainingSlice } from './seriesTrainingSlice.js';
import { makeCompareSlice, type CompareSlice } from './compareSlice.js';
import { defaultCompareStorage, type CompareStorage } from './compareRuns.js';

export type { BackendState } from '../train/session.js';

export interface AppState extends PipelineSlice, DataSlice, PreviewSlice, TrainingSlice, SeriesSlice, SeriesTrainingSlice, CompareSlice {
  /** The built-in sample image the preview shows until the user loads data. */
  sample: SampleImage;
}

export const SAMPLE_SEED = 4;

export interface AppStoreOptions {
  /** The training runtime (default: a session on the page's tfjs). */
  session?: TrainingSession;
  /** The data slice's engine and database (default: the installed browser services). */
  dataServices?: () => Promise<DataServices>;
  /** The time-series side's runtime and storage (default: the browser's). */
  seriesServices?: SeriesServices;
  /** Where compared runs are kept (default: IndexedDB in the browser, memory elsewhere). */
  compareStorage?: CompareStorage;
}

export function createAppStore(options: AppStoreOptions = {}) {
  // WebGPU/WebGL runs train on the page, WASM/CPU runs in a dedicated worker (the page never blocks).
  const session = options.session ?? createRoutedSession(browserTrainerLink);
  const seriesServices = options.seriesServices ?? browserSeriesServices();
  return createStore<AppState>()((set, get, api) => ({
    ...createPipelineSlice(set, get, api),
    ...makeDataSlice(options.dataServices)(set, get, api),
    ...makePreviewSlice(set, get, api),
    ...makeTrainingSlice(session)(set, get, api),
    ...makeSeriesSlice(seriesServices)(set, get, api),
    ...makeSeriesTrainingSlice(seriesServices)(set, get, api),
    ...makeCompareSlice(session, options.compareStorage ?? defaultCompareStorage())(set, get, api),
    sample: makeSampleImage(SAMPLE_SEED),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore: AppStore = createAppStore();
