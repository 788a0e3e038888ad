// Persistence against fake-indexeddb: save, reload in the same order, append, clear, and errors named.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ImportedSample } from './importer.js';
import { clearSaved, loadDataset, loadOriginals, openDataDb, replaceWorkingCopies, saveSamples, StorageError } from './persist.js';

const meta = { sizePx: 2, splitSeed: 3, validationFraction: 0.2 };

function sample(name: string, className: string, v: number): ImportedSample {
  return { name, hash: `h${v}`, className, pixels: new Uint8Array(12).fill(v), original: new Uint8Array([v, v, v]), mime: 'image/png', width: 5, height: 6 };
}

describe('persist', () => {
  it('brings back what was saved, in order, across appends, and clears it', async () => {
    const db = await openDataDb('test-roundtrip');
    expect(await loadDataset(db)).toBeNull();
    await saveSamples(db, [sample('a/x.png', 'a', 1), sample('b/y.png', 'b', 2)], meta);
    await saveSamples(db, [sample('a/z.png', 'a', 3)], meta);
    db.close();

    const again = await openDataDb('test-roundtrip');
    const loaded = await loadDataset(again);
    expect(loaded!.meta).toEqual(meta);
    expect(loaded!.dataset.names).toEqual(['a/x.png', 'b/y.png', 'a/z.png']);
    expect(loaded!.dataset.classes).toEqual(['a', 'b']);
    expect([...loaded!.dataset.labels]).toEqual([0, 1, 0]);
    expect(loaded!.dataset.pixels[24]).toBe(3);
    expect((await loadOriginals(again)).map((o) => [o.name, [...o.bytes]])).toEqual([
      ['a/x.png', [1, 1, 1]],
      ['b/y.png', [2, 2, 2]],
      ['a/z.png', [3, 3, 3]],
    ]);

    await replaceWorkingCopies(again, { ...meta, sizePx: 1 }, new Map([[0, new Uint8Array(3).fill(9)], [2, new Uint8Array(3).fill(8)]]));
    const resized = await loadDataset(again);
    expect(resized!.dataset.names).toEqual(['a/x.png', 'a/z.png']);
    expect([...resized!.dataset.pixels]).toEqual([9, 9, 9, 8, 8, 8]);

    await clearSaved(again);
    expect(await loadDataset(again)).toBeNull();
    again.close();
  });

  it('turns storage failures into a StorageError that says what to do', async () => {
    const db = await openDataDb('test-errors');
    db.close(); // any call on a closed database fails, as a full or blocked one would
    const error = await saveSamples(db, [sample('a.png', 'a', 1)], meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/Could not save 1 imported images: .*The dataset stays loaded for this session/);
    const quota = new StorageError('save 3 imported images', new DOMException('quota', 'QuotaExceededError'));
    expect(quota.message).toMatch(/no more storage for this site: clear the dataset/);
  });
});
