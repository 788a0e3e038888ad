// Browser wiring of the series slice: the series training runtime (loaded on first use) and the
// IndexedDB store of the series dataset (data/series/persist.ts).
import type { SeriesDataset } from '../data/series/dataset.js';
import type { SeriesSession } from '../train/seriesSession.js';
import type { SeriesServices } from './seriesSlice.js';

export function browserSeriesServices(): SeriesServices {
  let session: Promise<SeriesSession> | undefined;
  const db = () => import('../data/series/persist.js').then(async (m) => ({ m, db: await m.openSeriesDb() }));
  return {
    session: () => (session ??= import('../train/seriesSession.js').then((m) => m.createSeriesSession())),
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
