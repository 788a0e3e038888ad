// The series dataset survives a reload (fake-indexeddb): same values, labels, classes, working length.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { appendSeries } from './dataset.js';
import { clearSeriesDataset, loadSeriesDataset, openSeriesDb, saveSeriesDataset } from './persist.js';
import { generateGestures, GESTURE_CLASSES } from './sample.js';

describe('series persistence and the built-in sample', () => {
  it('brings back the saved set, and clears it', async () => {
    const { dataset } = appendSeries(null, generateGestures(3, 2, 40), 32, 'resample');
    const db = await openSeriesDb('test-series');
    expect(await loadSeriesDataset(db)).toBeNull();
    await saveSeriesDataset(db, dataset!);
    db.close();
    const again = await openSeriesDb('test-series');
    const back = await loadSeriesDataset(again);
    expect(back!.classes).toEqual([...GESTURE_CLASSES]);
    expect([...back!.labels]).toEqual([...dataset!.labels]);
    expect(back!.values).toEqual(dataset!.values);
    expect(back!.length).toBe(32);
    await clearSeriesDataset(again);
    expect(await loadSeriesDataset(again)).toBeNull();
  });

  it('generates the same gestures from the same seed, other ones from another, all finite', () => {
    const a = generateGestures(5, 3);
    expect(a).toHaveLength(12);
    expect(a.map((s) => s.className).slice(0, 4)).toEqual([...GESTURE_CLASSES]);
    expect(generateGestures(5, 3)).toEqual(a);
    expect(generateGestures(6, 3)[0]!.values).not.toEqual(a[0]!.values);
    expect(a.every((s) => s.values.every(Number.isFinite) && s.channels === 3 && s.length === 128)).toBe(true);
  });
});
