// The data slice's services in the browser (the worker pool of module workers, IndexedDB), and the
// browser's file inputs and drops turned into import entries for the slice.
import { entriesFromDrop, entriesFromFiles } from '../data/entries.js';
import { openDataDb } from '../data/persist.js';
import { errorMessage } from '../pipeline/errorMessage.js';
import { dataEngine } from '../workers/client.js';
import { appStore } from './appStore.js';
import { installDataServices, type DataServices } from './dataSlice.js';

async function browserDataServices(): Promise<DataServices> {
  const engine = dataEngine();
  try {
    return { engine, db: await openDataDb() };
  } catch (error) {
    return { engine, db: null, dbError: errorMessage(error) };
  }
}

export function installBrowserDataServices(): void {
  installDataServices(browserDataServices);
}

/** Imports files picked in an <input> (the folder picker gives their relative paths). */
export function importFileList(files: FileList): Promise<void> {
  return appStore.getState().importFiles(entriesFromFiles(files));
}

/** Imports what was dropped: files, folders (walked) and zips. */
export async function importDropped(transfer: DataTransfer): Promise<void> {
  await appStore.getState().importFiles(await entriesFromDrop(transfer));
}
