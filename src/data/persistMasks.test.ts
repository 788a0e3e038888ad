// Segmentation datasets survive a reload: masks and mask classes come back, and a working-size
// change re-makes each mask from its own file (nearest), never by resizing the old working copy.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IGNORE_INDEX } from '../pipeline/index.js';
import { makeMaskPng } from './fixtures/maskPng.js';
import type { ImportedSample } from './importer.js';
import { maskToWorkingSize, decodePngIndices } from './maskDecode.js';
import { loadDataset, openDataDb, replaceWorkingCopies, saveSamples } from './persist.js';

const segmentation = { names: ['background', 'leaf'], colours: [[0, 0, 0], [0, 200, 0]] as ([number, number, number] | null)[] };
const meta = { sizePx: 4, splitSeed: 3, validationFraction: 0.2, segmentation };
const maskFile = makeMaskPng(8, 8, (x) => (x < 4 ? 0 : 1));

function sample(name: string, v: number, withMask: boolean): ImportedSample {
  const base = { name, hash: `h${v}`, className: 'images', pixels: new Uint8Array(48).fill(v), original: new Uint8Array([v]), mime: 'image/png', width: 8, height: 8 };
  return withMask ? { ...base, mask: maskToWorkingSize(decodePngIndices(maskFile), null, 4).mask, maskOriginal: maskFile } : base;
}

describe('persisted masks', () => {
  it('come back after a reload with their classes; an image saved without a mask is all ignored', async () => {
    const db = await openDataDb('test-masks');
    await saveSamples(db, [sample('images/a.png', 1, true), sample('images/b.png', 2, false)], meta);
    const loaded = (await loadDataset(db))!;
    expect(loaded.dataset.segmentation).toEqual(segmentation);
    expect(Array.from(loaded.dataset.masks!.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    expect(loaded.dataset.masks!.subarray(16).every((v) => v === IGNORE_INDEX)).toBe(true);

    await replaceWorkingCopies(db, { ...meta, sizePx: 2 }, new Map([[0, new Uint8Array(12)], [1, new Uint8Array(12)]]));
    const resized = (await loadDataset(db))!;
    expect(Array.from(resized.dataset.masks!)).toEqual([0, 1, 0, 1, IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX]);
    db.close();
  });
});
