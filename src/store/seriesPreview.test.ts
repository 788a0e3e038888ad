// Picking the series the preview shows: its variants are that series' training draws (the same
// bytes runSeriesPipeline gives for its index), out-of-range picks are ignored, and the pick is
// clamped when the dataset shrinks.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { seriesAt } from '../data/series/dataset.js';
import { runSeriesPipeline } from '../pipeline/series/run.js';
import { createSeriesSession } from '../train/seriesSession.js';
import { createAppStore } from './appStore.js';

const store = () => {
  const session = createSeriesSession(async () => tf);
  return createAppStore({ seriesServices: { session: async () => session } });
};

describe('series preview pick', () => {
  it('shows the chosen series and what training draws for it', async () => {
    const s = store();
    await s.getState().loadSeriesSample();
    const first = s.getState().seriesPreview;
    s.getState().selectSeriesPreview(7);
    const { seriesDataset: d, seriesPipeline: pipeline, seriesPreview: p, seriesPreviewIndex } = s.getState();
    expect(seriesPreviewIndex).toBe(7);
    expect(p.original!.data).toEqual(seriesAt(d!, 7).data);
    expect(p.original!.data).not.toEqual(first.original!.data);
    p.variants.forEach((v, epoch) => expect(v.series.data).toEqual(runSeriesPipeline(pipeline, seriesAt(d!, 7), { epoch, index: 7, mode: 'train' }).data));
  });

  it('ignores picks outside the dataset and clamps when the dataset shrinks', async () => {
    const s = store();
    await s.getState().loadSeriesSample();
    const n = s.getState().seriesDataset!.labels.length;
    s.getState().selectSeriesPreview(n - 1);
    for (const bad of [-1, n, 1.5, Number.NaN]) {
      s.getState().selectSeriesPreview(bad);
      expect(s.getState().seriesPreviewIndex).toBe(n - 1);
    }
    await s.getState().clearSeries();
    expect(s.getState().seriesPreview.original).toBeNull();
    expect(s.getState().seriesPreviewIndex).toBe(0);
  });
});
