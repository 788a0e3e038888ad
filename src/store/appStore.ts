// The app's state as a vanilla zustand store: React reads it through the hook in ./index.ts, and
// non-React code (the training loop, worker callbacks) can read and update it directly.
import { createStore } from 'zustand/vanilla';
import { makeSampleImage, type SampleImage } from '../data/sampleImage.js';
import type { BackendName, SkippedBackend } from '../train/backend.js';
import { createPipelineSlice, type PipelineSlice } from './pipelineSlice.js';
import { createDataSlice, type DataSlice } from './dataSlice.js';
import { makeTrainingSlice, type TrainingSlice } from './trainingSlice.js';

export type BackendStatus = 'detecting' | 'ready' | 'failed';

export interface BackendState {
  status: BackendStatus;
  name?: string;
  adapter?: string;
  skipped: SkippedBackend[];
  /** Why no backend works (status 'failed'). */
  error?: string;
}

export interface AppState extends PipelineSlice, DataSlice, TrainingSlice {
  /** The built-in sample image the preview shows until the user loads data. */
  sample: SampleImage;
  backend: BackendState;
  /** Dataset index of the sample the preview shows (clamped to the dataset; the built-in picture when there is none). */
  previewSample: number;
  selectPreviewSample: (index: number) => void;
  /** Finds the tfjs backend to train with (WebGPU, then WebGL, then CPU) and records why others were skipped. */
  detectBackend: (force?: BackendName) => Promise<void>;
}

export const SAMPLE_SEED = 4;

export function createAppStore() {
  return createStore<AppState>()((set, get, api) => ({
    ...createPipelineSlice(set, get, api),
    ...createDataSlice(set, get, api),
    ...makeTrainingSlice<AppState>()(set, get, api),
    sample: makeSampleImage(SAMPLE_SEED),
    backend: { status: 'detecting', skipped: [] },
    previewSample: 0,
    selectPreviewSample: (index) => set({ previewSample: index }),
    detectBackend: async (force) => {
      set({ backend: { status: 'detecting', skipped: [] } });
      try {
        // Dynamic import: tfjs loads after first paint, in its own chunk.
        const { selectBackend } = await import('../train/backend.js');
        const choice = await selectBackend(force);
        set({ backend: { status: 'ready', name: choice.name, adapter: choice.adapter, skipped: choice.skipped } });
      } catch (error) {
        set({ backend: { status: 'failed', skipped: [], error: error instanceof Error ? error.message : String(error) } });
      }
    },
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore: AppStore = createAppStore();
