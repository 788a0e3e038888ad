// The user's dataset in IndexedDB (through idb), so it comes back after a reload: originals in one
// store, working copies and labels in another (loading the dataset never reads the originals), and
// the split settings. Storage failures become StorageError, with a message a person can act on.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { allocArena, sampleBytes, type Dataset } from './dataset.js';
import type { ImportedSample } from './importer.js';
import { remask } from './pairs.js';
import { errorMessage } from '../pipeline/errorMessage.js';
import { IGNORE_INDEX } from '../pipeline/index.js';

export const DB_NAME = 'augplay-data';
const DB_VERSION = 1;

export interface DatasetMeta {
  sizePx: number;
  splitSeed: number;
  validationFraction: number;
  /** Segmentation datasets: mask class names and colours. */
  segmentation?: Dataset['segmentation'];
}

interface StoredSample {
  id: number;
  name: string;
  hash: string;
  className: string;
  width: number;
  height: number;
  /** sizePx * sizePx * 3 bytes. */
  pixels: Uint8Array;
  /** Segmentation imports: sizePx * sizePx class indices, and the mask file they were made from. */
  mask?: Uint8Array;
  maskOriginal?: Uint8Array;
}

interface StoredOriginal {
  id: number;
  mime: string;
  bytes: Uint8Array;
}

interface DataDb extends DBSchema {
  meta: { key: string; value: DatasetMeta };
  samples: { key: number; value: StoredSample };
  originals: { key: number; value: StoredOriginal };
}

export type DataDatabase = IDBPDatabase<DataDb>;

/** A storage failure, with what happened and what to do. */
export class StorageError extends Error {
  constructor(action: string, cause: unknown) {
    const name = cause instanceof DOMException || cause instanceof Error ? cause.name : '';
    const detail = errorMessage(cause);
    const advice =
      name === 'QuotaExceededError'
        ? 'the browser has no more storage for this site: clear the dataset, remove large files, or free disk space'
        : 'check that the browser allows site storage (private windows may not)';
    super(`Could not ${action}: ${detail || name} (${advice}). The dataset stays loaded for this session.`);
    this.name = 'StorageError';
  }
}

export async function openDataDb(name = DB_NAME): Promise<DataDatabase> {
  try {
    return await openDB<DataDb>(name, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('samples', { keyPath: 'id' });
        db.createObjectStore('originals', { keyPath: 'id' });
      },
    });
  } catch (error) {
    throw new StorageError('open the browser database', error);
  }
}

/** Appends imported samples (working copy and original) in one transaction: all or none. */
export async function saveSamples(db: DataDatabase, samples: readonly ImportedSample[], meta: DatasetMeta): Promise<void> {
  try {
    const tx = db.transaction(['meta', 'samples', 'originals'], 'readwrite');
    const samplesStore = tx.objectStore('samples');
    let nextId = ((await samplesStore.openCursor(null, 'prev'))?.key ?? -1) + 1;
    const writes: Promise<unknown>[] = [tx.objectStore('meta').put(meta, 'dataset')];
    for (const s of samples) {
      const id = nextId++;
      writes.push(
        samplesStore.put({
          id, name: s.name, hash: s.hash, className: s.className, width: s.width, height: s.height, pixels: s.pixels,
          ...(s.mask ? { mask: s.mask } : {}),
          ...(s.maskOriginal ? { maskOriginal: s.maskOriginal } : {}),
        }),
        tx.objectStore('originals').put({ id, mime: s.mime, bytes: s.original }),
      );
    }
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    throw new StorageError(`save ${samples.length} imported images`, error);
  }
}

export async function saveMeta(db: DataDatabase, meta: DatasetMeta): Promise<void> {
  try {
    await db.put('meta', meta, 'dataset');
  } catch (error) {
    throw new StorageError('save the dataset settings', error);
  }
}

/** The saved dataset (in id order, so the split comes out the same), or null when nothing is saved. */
export async function loadDataset(db: DataDatabase): Promise<{ dataset: Dataset; meta: DatasetMeta } | null> {
  let meta: DatasetMeta | undefined;
  let rows: StoredSample[];
  try {
    meta = await db.get('meta', 'dataset');
    rows = await db.getAll('samples');
  } catch (error) {
    throw new StorageError('read the saved dataset', error);
  }
  if (!meta || rows.length === 0) return null;
  const n = sampleBytes(meta.sizePx);
  const usable = rows.filter((r) => r.pixels.length === n);
  const classes: string[] = [];
  const labels = new Int32Array(usable.length);
  const pixels = allocArena(usable.length * n);
  usable.forEach((r, i) => {
    let label = classes.indexOf(r.className);
    if (label < 0) label = classes.push(r.className) - 1;
    labels[i] = label;
    pixels.set(r.pixels, i * n);
  });
  const dataset: Dataset = { source: 'user', sizePx: meta.sizePx, classes, names: usable.map((r) => r.name), hashes: usable.map((r) => r.hash), labels, pixels };
  const m = meta.sizePx * meta.sizePx;
  if (usable.some((r) => r.mask)) {
    // Images without a mask (a classification import beside a segmentation one) are unlabelled for segmentation.
    const masks = allocArena(usable.length * m).fill(IGNORE_INDEX);
    usable.forEach((r, i) => r.mask?.length === m && masks.set(r.mask, i * m));
    dataset.masks = masks;
    dataset.segmentation = meta.segmentation ?? { names: [], colours: [] };
  }
  return { dataset, meta };
}

/** Every original, in id order, for re-making the working copies at another size. */
export async function loadOriginals(db: DataDatabase): Promise<{ id: number; name: string; mime: string; bytes: Uint8Array }[]> {
  try {
    const [samples, originals] = await Promise.all([db.getAll('samples'), db.getAll('originals')]);
    const names = new Map(samples.map((s) => [s.id, s.name]));
    return originals.map((o) => ({ id: o.id, name: names.get(o.id) ?? `#${o.id}`, mime: o.mime, bytes: o.bytes }));
  } catch (error) {
    throw new StorageError('read the original images', error);
  }
}

/** Replaces the working copies (after a size change); ids with no new copy (failed to decode) are deleted. */
export async function replaceWorkingCopies(db: DataDatabase, meta: DatasetMeta, copies: ReadonlyMap<number, Uint8Array>): Promise<void> {
  try {
    const tx = db.transaction(['meta', 'samples', 'originals'], 'readwrite');
    const store = tx.objectStore('samples');
    const writes: Promise<unknown>[] = [tx.objectStore('meta').put(meta, 'dataset')];
    for (const row of await store.getAll()) {
      const pixels = copies.get(row.id);
      const mask = row.mask ? (row.maskOriginal ? remask(row.maskOriginal, meta.segmentation ?? { names: [], colours: [] }, meta.sizePx) : new Uint8Array(meta.sizePx * meta.sizePx).fill(IGNORE_INDEX)) : undefined;
      if (pixels) writes.push(store.put({ ...row, pixels, ...(mask ? { mask } : {}) }));
      else writes.push(store.delete(row.id), tx.objectStore('originals').delete(row.id));
    }
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    throw new StorageError('save the resized working copies', error);
  }
}

export async function clearSaved(db: DataDatabase): Promise<void> {
  try {
    const tx = db.transaction(['meta', 'samples', 'originals'], 'readwrite');
    await Promise.all([tx.objectStore('meta').clear(), tx.objectStore('samples').clear(), tx.objectStore('originals').clear(), tx.done]);
  } catch (error) {
    throw new StorageError('clear the saved dataset', error);
  }
}
