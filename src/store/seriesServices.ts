// Browser wiring of the series slices: the series training session (the one session code for
// series, routed as for images: CPU-bound backends train in a series trainer worker; made on first
// use), batches from the series worker pool, and the IndexedDB store of the series dataset
// (data/series/persist.ts).
import { entriesFromDrop, entriesFromFiles } from '../data/entries.js';
import type { SeriesDataset } from '../data/series/dataset.js';
import type { TrainingSession } from '../train/sessionTypes.js';
import type { SeriesServices } from './seriesSlice.js';

export function browserSeriesServices(): SeriesServices {
  let session: Promise<TrainingSession> | undefined;
  const db = () => import('../data/series/persist.js').then(async (m) => ({ m, db: await m.openSeriesDb() }));
  return {
    session: () =>
      (session ??= Promise.all([import('../train/worker/routedSession.js'), import('../train/worker/browserTrainer.js')]).then(([routed, link]) =>
        routed.createRoutedSession(() => link.browserTrainerLink('series'), { modality: 'series' }),
      )),
    // Batches are made on the series worker pool (workers/seriesClient.ts), loaded with the first run.
    source: async () => (await import('../workers/seriesClient.js')).seriesPoolSource,
    sample: async (seed: number) => (await import('../workers/seriesSample.js')).gesturesInWorker(seed),
    save: async (dataset: SeriesDataset | null) => {
      const { m, db: handle } = await db();
      try {
        if (dataset) await m.saveSeriesDataset(handle, dataset);
        else await m.clearSeriesDataset(handle);
      } finally {
        handle.close();
      }
    },
    load: async () => {
      const { m, db: handle } = await db();
      try {
        return await m.loadSeriesDataset(handle);
      } finally {
        handle.close();
      }
    },
  };
}

/** Files from an <input> (a folder's keep their relative paths: sub-folders are classes). */
export async function importSeriesFileList(files: FileList): Promise<void> {
  const entries = entriesFromFiles(Array.from(files));
  // The store module imports this one: reach it lazily, not in a cycle at load.
  const { appStore } = await import('./index.js');
  await appStore.getState().importSeries(entries);
}

/** Files and folders dropped on the Data region; their entries are taken before the drop event returns. */
export async function importSeriesDropped(transfer: DataTransfer): Promise<void> {
  const entries = entriesFromDrop(transfer);
  const { appStore } = await import('./index.js');
  await appStore.getState().importSeries(await entries);
}
