// The data slice's services in the browser: the worker pool (module workers) and IndexedDB.
import { openDataDb } from '../data/persist.js';
import { dataEngine } from '../workers/client.js';
import { installDataServices, type DataServices } from './dataSlice.js';

async function browserDataServices(): Promise<DataServices> {
  const engine = dataEngine();
  try {
    return { engine, db: await openDataDb() };
  } catch (error) {
    return { engine, db: null, dbError: error instanceof Error ? error.message : String(error) };
  }
}

export function installBrowserDataServices(): void {
  installDataServices(browserDataServices);
}
