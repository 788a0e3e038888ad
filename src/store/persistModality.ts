// Keeps the chosen modality (Images / Time series) and the series pipeline across reloads in
// localStorage, beside the image pipeline (persistPipeline.ts). main.tsx calls this before the
// first render, so the panels paint in the restored modality; the series dataset itself is in
// IndexedDB and is loaded by setModality('series').
import { errorMessage } from '../pipeline/errorMessage.js';
import { parsePipeline, type Modality } from '../pipeline/schema/pipeline.js';
import type { AppStore } from './appStore.js';
import { SAVE_DELAY_MS, type KeyValueStorage } from './persistPipeline.js';

export const MODALITY_STORAGE_KEY = 'augplay.modality';
export const SERIES_PIPELINE_STORAGE_KEY = 'augplay.seriesPipeline';

/** The stored modality, or null for none or anything but the two names (a stale value falls back to Images). */
export function readModality(raw: string | null): Modality | null {
  return raw === 'series' || raw === 'image' ? raw : null;
}

/** Restores the modality and the series pipeline, then saves their changes; returns a function that stops saving. */
export function persistModality(store: AppStore, storage: KeyValueStorage): () => void {
  const pipelineText = storage.getItem(SERIES_PIPELINE_STORAGE_KEY);
  if (pipelineText) {
    try {
      const pipeline = parsePipeline(pipelineText);
      if (pipeline.modality !== 'series') throw new Error(`modality: expected "series", found "${pipeline.modality}"`);
      store.setState({ seriesPipeline: pipeline });
    } catch (error) {
      // Kept in storage (a newer app may read it); the default series pipeline is used and the reason shown.
      store.setState({ seriesPipelineError: `The saved time-series pipeline could not be restored: ${errorMessage(error)}` });
    }
  }
  const modality = readModality(storage.getItem(MODALITY_STORAGE_KEY));
  if (modality && modality !== store.getState().modality) store.getState().setModality(modality);

  const save = (key: string, value: string) => {
    try {
      storage.setItem(key, value);
    } catch {
      // A full or blocked storage only loses the convenience of restoring; the page works on.
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.modality !== previous.modality) save(MODALITY_STORAGE_KEY, state.modality);
    if (state.seriesPipeline !== previous.seriesPipeline) {
      clearTimeout(timer);
      timer = setTimeout(() => save(SERIES_PIPELINE_STORAGE_KEY, JSON.stringify(store.getState().seriesPipeline)), SAVE_DELAY_MS);
    }
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
