// Keeps the training settings across reloads in localStorage. Stored values are checked against
// the defaults' types one by one, so a stale or hand-edited entry can only fall back to a default.

import { storedSettings, type TrainSettings } from '../train/types.js';
import type { AppStore } from './appStore.js';
import type { KeyValueStorage } from './persistPipeline.js';

export const SETTINGS_STORAGE_KEY = 'augplay.settings';
const SETTINGS_VERSION = 1;

/** The stored settings that have the type of their default (numbers finite); others are dropped. */
export function readSettings(raw: string | null): Partial<TrainSettings> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { version?: unknown }).version !== SETTINGS_VERSION) return {};
  return storedSettings((parsed as { training?: unknown }).training);
}

/** Restores the saved training settings and saves every change; returns a function that stops saving. */
export function persistSettings(store: AppStore, storage: KeyValueStorage): () => void {
  const restored = readSettings(storage.getItem(SETTINGS_STORAGE_KEY));
  if (Object.keys(restored).length) store.getState().setTrainingSettings(restored);
  return store.subscribe((state, previous) => {
    if (state.training.settings === previous.training.settings) return;
    try {
      storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ version: SETTINGS_VERSION, training: state.training.settings }));
    } catch {
      // Settings are a convenience: a full or blocked storage must not interrupt training.
    }
  });
}
