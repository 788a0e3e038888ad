// Where a comparison's finished runs are kept across reloads: IndexedDB in the browser (one record,
// the list of runs), memory elsewhere (Node tests).

import type { CompareRun } from '../train/compare.js';

export interface CompareStorage {
  load(): Promise<CompareRun[]>;
  save(runs: CompareRun[]): Promise<void>;
}

const DB = 'augplay-compare';
const STORE = 'runs';
const KEY = 'latest';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

function idbStorage(): CompareStorage {
  const withStore = async <T,>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const request = body(db.transaction(STORE, mode).objectStore(STORE));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      });
    } finally {
      db.close();
    }
  };
  return {
    load: async () => ((await withStore('readonly', (s) => s.get(KEY) as IDBRequest<CompareRun[] | undefined>)) ?? []),
    save: async (runs) => void (await withStore('readwrite', (s) => s.put(runs, KEY))),
  };
}

export function memoryStorage(initial: CompareRun[] = []): CompareStorage {
  let runs = initial;
  return { load: async () => runs, save: async (next) => void (runs = next) };
}

export function defaultCompareStorage(): CompareStorage {
  return typeof indexedDB === 'undefined' ? memoryStorage() : idbStorage();
}
