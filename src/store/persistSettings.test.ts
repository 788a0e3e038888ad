import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../train/types.js';
import { createAppStore } from './appStore.js';
import { persistSettings, readSettings, SETTINGS_STORAGE_KEY } from './persistSettings.js';

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('training settings persistence', () => {
  it('saves changes and restores them in a new store', () => {
    const storage = memory();
    const first = createAppStore();
    const stop = persistSettings(first, storage);
    first.getState().setTrainingSettings({ epochs: 3, learningRate: 0.01, optimizer: 'sgd', preset: 'mlp' });
    stop();
    const second = createAppStore();
    persistSettings(second, storage);
    expect(second.getState().training.settings).toEqual({ ...DEFAULT_SETTINGS, epochs: 3, autoEpochs: false, learningRate: 0.01, optimizer: 'sgd', preset: 'mlp' });
  });

  it('drops values of the wrong type, bad JSON and other versions', () => {
    expect(readSettings(JSON.stringify({ version: 1, training: { epochs: 'ten', batchSize: 16, learningRate: null, seed: Infinity } }))).toEqual({ batchSize: 16 });
    expect(readSettings('{nope')).toEqual({});
    expect(readSettings(JSON.stringify({ version: 2, training: { epochs: 4 } }))).toEqual({});
    const storage = memory();
    storage.setItem(SETTINGS_STORAGE_KEY, '[]');
    const store = createAppStore();
    persistSettings(store, storage);
    expect(store.getState().training.settings).toEqual(DEFAULT_SETTINGS);
  });
});
