// The data slice on the in-process engine: the built-in sample and its split, the split seed and
// fraction controls, importing files (with a report of what was refused), decoding one image for
// prediction, and the preview computed by the store.
import { describe, expect, it } from 'vitest';
import { makePng } from '../data/fixtures/png.js';
import type { ImportEntry } from '../data/importer.js';
import { presetPipeline } from '../pipeline/index.js';
import { classTable } from './dataSlice.js';
import { testStore } from './testing.js';

const entry = (path: string, bytes: Uint8Array): ImportEntry => ({ path, size: bytes.length, read: () => Promise.resolve(bytes) });
const png = (r: number) => makePng(6, 5, (x, y) => [r, x * 10, y * 10]);

describe('data slice', () => {
  it('starts on the built-in sample with a stratified split, and the split seed picks other validation samples', async () => {
    const { store, engine } = testStore();
    await store.getState().initData();
    const { dataset, split, dataStatus } = store.getState();
    expect(dataStatus).toBe('ready');
    expect(dataset).toMatchObject({ source: 'sample', sizePx: 16, classes: ['circle', 'square', 'triangle', 'star'] });
    expect(classTable(dataset, split)).toEqual(['circle', 'square', 'triangle', 'star'].map((name) => ({ name, images: 250, train: 200, validation: 50 })));

    const before = Array.from(split!.validation);
    store.getState().setSplitSeed(7);
    const after = store.getState().split!;
    expect(after.seed).toBe(7);
    expect(after.validation).toHaveLength(200);
    expect(Array.from(after.validation)).not.toEqual(before);
    // Back to the first seed: the same samples as before (the split depends on the seed only).
    store.getState().setSplitSeed(1);
    expect(Array.from(store.getState().split!.validation)).toEqual(before);

    store.getState().setSplitSeed(-3);
    expect(store.getState().dataError).toBe('Split seed must be a whole number from 0 to 4294967295, got -3.');
    expect(store.getState().splitSeed).toBe(1);

    store.getState().setValidationFraction(0.5);
    expect(classTable(store.getState().dataset, store.getState().split).map((r) => r.validation)).toEqual([125, 125, 125, 125]);
    engine.destroy();
  });

  it('imports folders as classes, reports what it refused, and keeps the data when nothing is importable', async () => {
    const { store, engine } = testStore();
    await store.getState().initData();
    await store.getState().importFiles([entry('cats/a.png', png(1)), entry('cats/b.png', png(2)), entry('dogs/c.png', png(3)), entry('dogs/readme.txt', new TextEncoder().encode('hello'))]);
    const { dataset, importReport, importSummary } = store.getState();
    expect(dataset).toMatchObject({ source: 'user', classes: ['cats', 'dogs'], names: ['cats/a.png', 'cats/b.png', 'dogs/c.png'] });
    expect(importSummary).toBe('Imported 3 images; 1 problem listed below.');
    expect(importReport).toEqual([{ file: 'dogs/readme.txt', reason: 'text file, not an image (PNG, JPEG, WebP, GIF or BMP expected)' }]);

    await store.getState().importFiles([entry('cats/a-again.png', png(1))]);
    expect(store.getState().importReport).toEqual([{ file: 'cats/a-again.png', reason: 'duplicate of cats/a.png (same bytes); skipped' }]);
    expect(store.getState().dataset?.names).toHaveLength(3);
    engine.destroy();
  });

  it('decodes one image as import does, and names a file it refuses', async () => {
    const { store, engine, decodes } = testStore();
    const image = await store.getState().decodeImage(png(9), 'nine.png', { width: 24, height: 24 });
    expect(image).toMatchObject({ width: 24, height: 24, channels: 3 });
    expect(image.data).toHaveLength(24 * 24 * 3);
    expect(image.data[0]).toBe(9);
    expect(decodes).toEqual([{ mime: 'image/png', sizePx: 24 }]);
    await expect(store.getState().decodeImage(png(9).slice(0, 20), 'cut.png', { width: 24, height: 24 })).rejects.toThrow('cut.png: truncated or corrupt PNG');
    await expect(store.getState().decodeImage(png(9), 'wide.png', { width: 32, height: 24 })).rejects.toThrow('wide.png: the model takes 32x24 images');
    engine.destroy();
  });

  it('computes the preview variants of the selected sample on the pool', async () => {
    const { store, engine } = testStore();
    await store.getState().initData();
    store.getState().applyPreset('heavy');
    store.getState().selectPreviewSample(5);
    await store.getState().refreshPreview();
    let { preview } = store.getState();
    expect(preview.error).toBeNull();
    expect(preview.busy).toBe(false);
    expect(preview.variants).toHaveLength(8);
    expect(preview.variants[0]).toMatchObject({ width: 16, height: 16 });
    expect(preview.variants[0]!.mask).toHaveLength(16 * 16);
    // Variant k is epoch k: different draws, so not every variant is the same picture.
    expect(new Set(preview.variants.map((v) => v.rgba.join(','))).size).toBeGreaterThan(1);

    store.getState().setPreviewCount(16);
    store.setState({ pipeline: presetPipeline('none') });
    await store.getState().refreshPreview();
    ({ preview } = store.getState());
    expect(preview.variants).toHaveLength(16);
    // No augment steps: every variant is the sample itself.
    expect(new Set(preview.variants.map((v) => v.rgba.join(','))).size).toBe(1);
    engine.destroy();
  });
});
