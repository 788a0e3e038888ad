// The modality and the series pipeline survive a reload: a new store over the same storage opens
// in Time series (loading the series dataset as a switch does) with the edited series pipeline;
// stale or unreadable entries fall back to the defaults with a message.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { createSeriesSession } from '../train/seriesSession.js';
import { createAppStore } from './appStore.js';
import { MODALITY_STORAGE_KEY, persistModality, readModality, SERIES_PIPELINE_STORAGE_KEY } from './persistModality.js';
import { SAVE_DELAY_MS } from './persistPipeline.js';

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};
const store = () => {
  const session = createSeriesSession(async () => tf);
  return createAppStore({ seriesServices: { session: async () => session } });
};
const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('modality persistence', () => {
  it('a reload opens in Time series with its dataset loaded and the edited series pipeline', async () => {
    const storage = memory();
    const first = store();
    const stop = persistModality(first, storage);
    vi.useFakeTimers();
    first.getState().setModality('series');
    first.getState().removeSeriesStep(1);
    vi.advanceTimersByTime(SAVE_DELAY_MS + 10);
    vi.useRealTimers();
    stop();
    expect(storage.map.get(MODALITY_STORAGE_KEY)).toBe('series');

    const second = store();
    expect(second.getState().modality).toBe('image');
    persistModality(second, storage);
    // Restored synchronously, before anything renders.
    expect(second.getState().modality).toBe('series');
    expect(second.getState().seriesPipeline).toEqual(first.getState().seriesPipeline);
    // Busy until the dataset is there, so the panels say "Loading" rather than "No time series loaded".
    expect(second.getState().seriesImporting).toBe(true);
    await waitFor(() => second.getState().seriesDataset !== null);
    await waitFor(() => !second.getState().seriesImporting);
    expect(second.getState().seriesImporting).toBe(false);
    expect(second.getState().seriesPreview.variants.length).toBeGreaterThan(0);
  });

  it('switching back to Images is remembered too', () => {
    const storage = memory();
    const s = store();
    persistModality(s, storage);
    s.setState({ modality: 'series' });
    s.getState().setModality('image');
    expect(storage.map.get(MODALITY_STORAGE_KEY)).toBe('image');
    const next = store();
    persistModality(next, storage);
    expect(next.getState().modality).toBe('image');
  });

  it('a stale modality value opens in Images; an unreadable series pipeline keeps the default and says why', () => {
    expect(readModality('audio')).toBeNull();
    expect(readModality(null)).toBeNull();
    const storage = memory();
    storage.setItem(MODALITY_STORAGE_KEY, 'audio');
    storage.setItem(SERIES_PIPELINE_STORAGE_KEY, JSON.stringify({ format: 'augplay.pipeline', version: 99, modality: 'series', steps: [] }));
    const s = store();
    const fresh = s.getState().seriesPipeline;
    persistModality(s, storage);
    expect(s.getState().modality).toBe('image');
    expect(s.getState().seriesPipeline).toBe(fresh);
    expect(s.getState().seriesPipelineError).toMatch(/saved time-series pipeline could not be restored: version/);
  });

  it('an image pipeline stored under the series key is refused by modality', () => {
    const storage = memory();
    const s = store();
    storage.setItem(SERIES_PIPELINE_STORAGE_KEY, JSON.stringify(s.getState().pipeline));
    persistModality(s, storage);
    expect(s.getState().seriesPipelineError).toMatch(/modality: expected "series", found "image"/);
  });
});
