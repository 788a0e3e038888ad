// The preview: which sample is shown, how many variants, and the variants themselves, computed on
// the data engine's worker pool by one action. The UI renders this state and calls the action
// when an input changes; it never reaches the workers itself.
import type { StateCreator } from 'zustand';
import { sampleImage } from '../data/dataset.js';
import { errorMessage } from '../pipeline/errorMessage.js';
import type { DisplayVariant, ImageU8 } from '../pipeline/index.js';
import type { AppState } from './appStore.js';

export const PREVIEW_VARIANT_COUNTS = [8, 16] as const;

/** What the preview shows: a dataset sample (index) or the built-in picture (null). */
export interface PreviewSubject {
  index: number | null;
  image: ImageU8 & { mask?: Uint8Array };
  caption: string;
}

export interface PreviewState {
  variants: DisplayVariant[];
  busy: boolean;
  error: string | null;
  /** From the last pipeline change (or other preview input) to the grid drawn, in ms. */
  latencyMs: number | null;
}

export interface PreviewSlice {
  /** Dataset index of the sample the preview shows (clamped to the dataset; the built-in picture when there is none). */
  previewSample: number;
  previewCount: number;
  preview: PreviewState;
  selectPreviewSample: (index: number) => void;
  setPreviewCount: (count: number) => void;
  /** Computes the variants of the shown sample for the current pipeline (a newer call supersedes an older one). */
  refreshPreview: () => Promise<void>;
  /** The UI says the grid has drawn: records the latency. */
  previewDrawn: () => void;
}

/** The sample the preview shows, from the store's state. */
export function previewSubject(state: Pick<AppState, 'dataset' | 'previewSample' | 'sample'>): PreviewSubject {
  const { dataset, previewSample, sample } = state;
  if (!dataset || dataset.labels.length === 0) return { index: null, image: sample, caption: 'Built-in sample' };
  const index = Math.min(previewSample, dataset.labels.length - 1);
  return { index, image: sampleImage(dataset, index), caption: `${dataset.names[index]} (${dataset.classes[dataset.labels[index]!]})` };
}

export const makePreviewSlice: StateCreator<AppState, [], [], PreviewSlice> = (set, get, store) => {
  let changedAtMs = performance.now();
  let requestedAtMs = 0;
  store.subscribe((state, previous) => {
    if (state.pipeline !== previous.pipeline) changedAtMs = performance.now();
  });
  const put = (changes: Partial<PreviewState>) => set({ preview: { ...get().preview, ...changes } });

  return {
    previewSample: 0,
    previewCount: PREVIEW_VARIANT_COUNTS[0],
    preview: { variants: [], busy: true, error: null, latencyMs: null },
    selectPreviewSample: (index) => set({ previewSample: index }),
    setPreviewCount: (count) => set({ previewCount: count }),

    refreshPreview: async () => {
      // A pipeline edit counts from the edit; anything else from now.
      requestedAtMs = Math.min(changedAtMs, performance.now());
      const { pipeline, previewCount } = get();
      const subject = previewSubject(get());
      put({ busy: true });
      try {
        const result = await get().previewVariants({ pipeline, samples: subject.index !== null ? [subject.index] : [subject.image], variants: previewCount });
        // null: a newer request superseded this one.
        if (result) put({ variants: result.variants[0] ?? [], error: null, busy: false });
      } catch (error) {
        put({ error: `The preview could not be computed: ${errorMessage(error)}`, busy: false });
      }
    },

    previewDrawn: () => {
      put({ latencyMs: performance.now() - requestedAtMs });
    },
  };
};
