// A first import of images all smaller than the working size keeps their own size (rounded), with
// a note for the setting; a size the user sets stays theirs.
import { describe, expect, it } from 'vitest';
import { makePng } from '../data/fixtures/png.js';
import type { ImportEntry } from '../data/importer.js';
import { testStore } from './testing.js';

const entry = (path: string, bytes: Uint8Array): ImportEntry => ({ path, size: bytes.length, read: () => Promise.resolve(bytes) });
const png = (r: number) => makePng(6, 5, (x, y) => [r, x * 10, y * 10]);

describe('working size from the data', () => {
  it('a first import of 6x5 images works at 8 px with a note; a size the user sets is kept', async () => {
    const { store, engine } = testStore();
    await store.getState().initData();
    expect(store.getState().workingSizePx).toBe(16);
    await store.getState().importFiles([entry('a/1.png', png(1)), entry('b/2.png', png(2))]);
    expect(store.getState().workingSizePx).toBe(8);
    expect(store.getState().dataset).toMatchObject({ source: 'user', sizePx: 8 });
    expect(store.getState().dataset!.pixels).toHaveLength(2 * 8 * 8 * 3);
    expect(store.getState().workingSizeNote).toMatch(/at most 6x6 px, so the working size is 8 px instead of 16/);

    await store.getState().setWorkingSize(24);
    expect(store.getState().workingSizePx).toBe(24);
    expect(store.getState().workingSizeNote).toBeNull();
    engine.destroy();
  });
});
