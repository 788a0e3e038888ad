// Keeps the pipeline across reloads in localStorage, as the same versioned JSON that export writes,
// so a stored pipeline is read back through parsePipeline (validated, migrated) like any file.

import { parsePipeline } from '../pipeline/index.js';
import type { AppStore } from './appStore.js';

export const PIPELINE_STORAGE_KEY = 'augplay.pipeline';
/** Writes wait this long after the last edit, so a slider drag is one write. */
export const SAVE_DELAY_MS = 300;

/** The part of localStorage used here (a Map-backed fake in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Restores the stored pipeline (if valid) and saves every change; returns a function that stops saving. */
export function persistPipeline(store: AppStore, storage: KeyValueStorage): () => void {
  const stored = storage.getItem(PIPELINE_STORAGE_KEY);
  if (stored) {
    try {
      store.setState({ pipeline: parsePipeline(stored) });
    } catch (error) {
      // A stored pipeline this version cannot read is kept in storage (a newer app may read it) and reported.
      store.setState({ pipelineError: `The saved pipeline could not be restored: ${(error as Error).message}` });
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.pipeline === previous.pipeline) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        storage.setItem(PIPELINE_STORAGE_KEY, JSON.stringify(store.getState().pipeline));
      } catch (error) {
        store.setState({ pipelineError: `The pipeline could not be saved in this browser: ${(error as Error).message}` });
      }
    }, SAVE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
