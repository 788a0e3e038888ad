// The time-series dataset in IndexedDB, apart from the image dataset (each modality keeps its own):
// one record of the whole set (originals, labels, classes, working length and rule), so it comes
// back after a reload. Storage failures become StorageError, with what to do.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { StorageError } from '../persist.js';
import { withWorkingLength, type LengthRule, type SeriesDataset } from './dataset.js';

export const SERIES_DB_NAME = 'augplay-series';
const DB_VERSION = 1;
const KEY = 'dataset';

interface StoredSeriesSet {
  length: number;
  channels: number;
  lengthRule: LengthRule;
  classes: string[];
  labels: Int32Array;
  names: string[];
  originals: Float32Array[];
}

interface SeriesDb extends DBSchema {
  sets: { key: string; value: StoredSeriesSet };
}

export type SeriesDatabase = IDBPDatabase<SeriesDb>;

export async function openSeriesDb(name = SERIES_DB_NAME): Promise<SeriesDatabase> {
  try {
    return await openDB<SeriesDb>(name, DB_VERSION, { upgrade: (db) => void db.createObjectStore('sets') });
  } catch (error) {
    throw new StorageError('open the browser database for time series', error);
  }
}

export async function saveSeriesDataset(db: SeriesDatabase, d: SeriesDataset): Promise<void> {
  const record: StoredSeriesSet = { length: d.length, channels: d.channels, lengthRule: d.lengthRule, classes: d.classes, labels: d.labels, names: d.names, originals: d.originals };
  try {
    await db.put('sets', record, KEY);
  } catch (error) {
    throw new StorageError('save the time series', error);
  }
}

export async function loadSeriesDataset(db: SeriesDatabase): Promise<SeriesDataset | null> {
  let record: StoredSeriesSet | undefined;
  try {
    record = await db.get('sets', KEY);
  } catch (error) {
    throw new StorageError('load the saved time series', error);
  }
  if (!record) return null;
  const base: SeriesDataset = { ...record, values: new Float32Array(0) };
  return withWorkingLength(base, record.length, record.lengthRule);
}

export async function clearSeriesDataset(db: SeriesDatabase): Promise<void> {
  try {
    await db.delete('sets', KEY);
  } catch (error) {
    throw new StorageError('clear the saved time series', error);
  }
}
