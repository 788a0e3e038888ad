// The dataset slice: what is loaded (built-in sample or the user's images), the split, the import
// in progress and its report, storage errors, and the actions that call the importer, persistence
// and the worker pool. Services are injected so the slice also runs in Node tests.

import type { StateCreator } from 'zustand';
import { errorMessage } from '../pipeline/errorMessage.js';
import type { ImageU8, Pipeline } from '../pipeline/index.js';
import { workingSizeFromData } from '../data/workingSize.js';
import { CHANNELS, classCounts, DEFAULT_SPLIT_SEED, DEFAULT_VALIDATION_FRACTION, DEFAULT_WORKING_SIZE_PX, MAX_WORKING_SIZE_PX, MIN_WORKING_SIZE_PX, appendSamples, stratifiedSplit, type Dataset, type Split } from '../data/dataset.js';
import { importEntries, type ImportEntry, type ReportRow } from '../data/importer.js';
import { remask } from '../data/pairs.js';
import { IGNORE_INDEX } from '../pipeline/index.js';
import { clearSaved, loadDataset, loadOriginals, replaceWorkingCopies, saveMeta, saveSamples, type DataDatabase } from '../data/persist.js';
import { SAMPLE_DATASET_SEED, SAMPLE_PER_CLASS } from '../data/sampleDataset.js';
import type { DataEngine, PreviewRequest, PreviewResult } from '../workers/engine.js';
import type { BatchSource } from '../workers/types.js';
import type { AppState } from './appStore.js';

export type DataStatus = 'loading' | 'ready' | 'importing';

export interface DataSlice {
  /** Null only while the first dataset loads. */
  dataset: Dataset | null;
  split: Split | null;
  dataStatus: DataStatus;
  /** A storage or loading failure, shown to the user (the data in memory stays usable). */
  dataError: string | null;
  importProgress: { done: number; total: number } | null;
  /** Files the last import refused, one row each. */
  importReport: ReportRow[];
  /** One line on the last import: how many came in, how many were refused. */
  importSummary: string | null;
  workingSizePx: number;
  /** Why the working size is not the default (the data's own size), for the note beside the setting; null otherwise. */
  workingSizeNote: string | null;
  validationFraction: number;
  /** Seeds which samples go to validation (per class); the pipeline's seed orders each epoch. */
  splitSeed: number;
  poolSize: number;
  /** Which pipeline kernels the workers run ("WebAssembly (SIMD)", or JavaScript and why); null until they say. */
  pipelineKernels: string | null;
  /** Loads the saved dataset, or the built-in sample when nothing is saved. Call once at start. */
  initData: () => Promise<void>;
  importFiles: (entries: ImportEntry[]) => Promise<void>;
  /** Deletes the saved dataset and goes back to the built-in sample. */
  clearDataset: () => Promise<void>;
  setValidationFraction: (fraction: number) => void;
  setSplitSeed: (seed: number) => void;
  /** Re-makes every working copy at the new size (from the kept originals) and saves them. */
  setWorkingSize: (sizePx: number) => Promise<void>;
  setPoolSize: (workers: number) => void;
  /** The trainer's BatchSource: the current dataset, split and `pipeline`, on the worker pool. */
  batchSource: (pipeline: Pipeline, options?: { prefetch?: number; segmentation?: boolean }) => BatchSource;
  /**
   * One image file decoded exactly as import decodes it (checked, then in a worker: cover +
   * centre crop to `size`, alpha over black), for prediction. Throws a message naming the file.
   */
  decodeImage: (bytes: Uint8Array, fileName: string, size: { width: number; height: number }) => Promise<ImageU8>;
  /** Preview variants on the worker pool (see DataEngine.preview); null when a newer request superseded this one. */
  previewVariants: (request: PreviewRequest) => Promise<PreviewResult | null>;
}

/** One row per class for the Classes table: images, and how many of them train and validate. */
export function classTable(dataset: Dataset | null, split: Split | null): { name: string; images: number; train: number; validation: number }[] {
  if (!dataset) return [];
  const counts = classCounts(dataset);
  const validation = new Array<number>(counts.length).fill(0);
  if (split) for (const i of split.validation) validation[dataset.labels[i]!]!++;
  return dataset.classes.map((name, c) => ({ name, images: counts[c]!, train: counts[c]! - validation[c]!, validation: validation[c]! }));
}

export interface DataServices {
  engine: DataEngine;
  /** Null when the browser gives no IndexedDB (the dataset then lasts for the session). */
  db: DataDatabase | null;
  dbError?: string;
}

/** Progress is published at most this often: an import of 10,000 files must not re-render 10,000 times. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Where the browser's services come from (see ./browserDataServices.ts, installed by the DataPanel).
 * Registered rather than imported, so this file (and the store) type-checks and runs in Node tests.
 */
let installed: (() => Promise<DataServices>) | null = null;

export function installDataServices(load: () => Promise<DataServices>): void {
  installed = load;
}

function installedServices(): Promise<DataServices> {
  if (!installed) return Promise.reject(new Error('no data services installed: call installBrowserDataServices() (the DataPanel does) or pass services to makeDataSlice'));
  return installed();
}

export function makeDataSlice(getServices: () => Promise<DataServices> = installedServices): StateCreator<AppState, [], [], DataSlice> {
  let services: Promise<DataServices> | null = null;
  // Kept once the services resolve, so batchSource can stay synchronous.
  let engineRef: DataEngine | null = null;
  const svc = () =>
    (services ??= getServices().then((s) => {
      engineRef = s.engine;
      return s;
    }));
  let importing: Promise<void> = Promise.resolve();
  /** Once the user sets a working size, imports no longer choose one from the data. */
  let workingSizeChosen = false;
  let initialised: Promise<void> | null = null;

  return (set, get) => {
    const put = (partial: Partial<DataSlice>) => set(partial);

    function splitOf(dataset: Dataset, fraction = get().validationFraction, seed = get().splitSeed): Split {
      return stratifiedSplit(dataset.labels, dataset.classes.length, fraction, seed);
    }

    async function show(dataset: Dataset): Promise<void> {
      const { engine } = await svc();
      await engine.setDataset(dataset);
      put({ dataset, split: splitOf(dataset), workingSizePx: dataset.sizePx });
    }

    async function loadSample(sizePx: number): Promise<void> {
      const { engine } = await svc();
      await show(await engine.generateSample(sizePx, SAMPLE_PER_CLASS, SAMPLE_DATASET_SEED));
    }

    function meta() {
      const s = get();
      const segmentation = s.dataset?.source === 'user' ? s.dataset.segmentation : undefined;
      return { sizePx: s.workingSizePx, splitSeed: s.splitSeed, validationFraction: s.validationFraction, ...(segmentation ? { segmentation } : {}) };
    }

    /** Saves the split settings with a user dataset (the built-in sample is made anew each visit). */
    function saveSplit(): void {
      void (async () => {
        const { db } = await svc();
        if (!db || get().dataset?.source !== 'user') return;
        await saveMeta(db, meta()).catch((error: unknown) => put({ dataError: errorMessage(error) }));
      })();
    }

    async function init(): Promise<void> {
      put({ dataStatus: 'loading' });
      const { engine, db, dbError } = await svc();
      put({ poolSize: engine.pool.size, ...(dbError ? { dataError: dbError } : {}) });
      engine.pipelineKernels().then(
        (kernels) => put({ pipelineKernels: kernels }),
        (error: unknown) => put({ pipelineKernels: `unknown: ${errorMessage(error)}` }),
      );
      try {
        const saved = db ? await loadDataset(db) : null;
        if (saved) {
          put({ validationFraction: saved.meta.validationFraction, splitSeed: saved.meta.splitSeed });
          await show(saved.dataset);
        } else {
          await loadSample(get().workingSizePx);
        }
      } catch (error) {
        put({ dataError: errorMessage(error) });
        await loadSample(get().workingSizePx);
      }
      put({ dataStatus: 'ready' });
    }

    return {
      dataset: null,
      split: null,
      dataStatus: 'loading',
      dataError: null,
      importProgress: null,
      importReport: [],
      importSummary: null,
      workingSizePx: DEFAULT_WORKING_SIZE_PX,
      workingSizeNote: null,
      validationFraction: DEFAULT_VALIDATION_FRACTION,
      splitSeed: DEFAULT_SPLIT_SEED,
      poolSize: 1,
      pipelineKernels: null,

      initData: () => (initialised ??= init()),

      importFiles: (entries) => {
        // Imports run one after another: the second appends to what the first added.
        importing = importing.then(async () => {
          const { engine, db } = await svc();
          const before = get().dataset;
          let sizePx = get().workingSizePx;
          const known = new Map<string, string>();
          if (before?.source === 'user') before.hashes.forEach((h, i) => known.set(h, before.names[i]!));
          put({ dataStatus: 'importing', importProgress: { done: 0, total: entries.length }, importReport: [], importSummary: null });
          let last = 0;
          try {
            const result = await importEntries(entries, {
              sizePx,
              decode: engine.decode,
              decodeConcurrency: engine.pool.size,
              knownHashes: known,
              onProgress: (done, total) => {
                const now = Date.now();
                if (done === total || now - last >= PROGRESS_INTERVAL_MS) {
                  last = now;
                  put({ importProgress: { done, total } });
                }
              },
            });
            const refused = result.report.length;
            put({
              importReport: result.report,
              importSummary: `Imported ${result.samples.length} image${result.samples.length === 1 ? '' : 's'}${refused ? `; ${refused} problem${refused === 1 ? '' : 's'} listed below` : ''}.`,
            });
            if (result.samples.length > 0) {
              // A first import of images all smaller than the working size keeps their own size (rounded).
              const choice = before?.source !== 'user' && !workingSizeChosen ? workingSizeFromData(result.samples, sizePx) : undefined;
              if (choice && choice.sizePx !== sizePx) {
                const pixels = await engine.decode(result.samples.map((s) => ({ name: s.name, bytes: s.original, mime: s.mime })), choice.sizePx);
                if (pixels.every((r) => r.ok)) {
                  result.samples.forEach((s, i) => (s.pixels = (pixels[i] as { pixels: Uint8Array }).pixels));
                  // Masks follow the new size (nearest), from their own files.
                  const classes = result.segmentation;
                  if (classes) result.samples.forEach((s) => s.mask && (s.mask = s.maskOriginal ? remask(s.maskOriginal, classes, choice.sizePx) : new Uint8Array(choice.sizePx ** 2).fill(IGNORE_INDEX)));
                  sizePx = choice.sizePx;
                  put({ workingSizePx: sizePx, workingSizeNote: choice.reason ?? null });
                }
              }
              await show(appendSamples(before, result.samples, sizePx, result.segmentation));
              if (db) {
                try {
                  if (before?.source !== 'user') await clearSaved(db);
                  await saveSamples(db, result.samples, meta());
                  put({ dataError: null });
                } catch (error) {
                  put({ dataError: errorMessage(error) });
                }
              }
            }
          } catch (error) {
            put({ importSummary: `Import failed: ${errorMessage(error)}. Nothing already loaded was changed.` });
          } finally {
            put({ dataStatus: 'ready', importProgress: null });
          }
        });
        return importing;
      },

      clearDataset: async () => {
        await importing;
        const { db } = await svc();
        if (db) {
          try {
            await clearSaved(db);
            put({ dataError: null });
          } catch (error) {
            put({ dataError: errorMessage(error) });
          }
        }
        put({ importReport: [], importSummary: null });
        await loadSample(get().workingSizePx);
      },

      setValidationFraction: (fraction) => {
        const dataset = get().dataset;
        put({ validationFraction: fraction, ...(dataset ? { split: splitOf(dataset, fraction) } : {}) });
        saveSplit();
      },

      setSplitSeed: (seed) => {
        if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
          put({ dataError: `Split seed must be a whole number from 0 to ${0xffffffff}, got ${seed}.` });
          return;
        }
        const dataset = get().dataset;
        put({ splitSeed: seed, ...(dataset ? { split: splitOf(dataset, undefined, seed) } : {}) });
        saveSplit();
      },

      setWorkingSize: async (sizePx) => {
        if (!Number.isInteger(sizePx) || sizePx < MIN_WORKING_SIZE_PX || sizePx > MAX_WORKING_SIZE_PX) {
          put({ dataError: `Working size must be a whole number of pixels from ${MIN_WORKING_SIZE_PX} to ${MAX_WORKING_SIZE_PX}, got ${sizePx}.` });
          return;
        }
        await importing;
        const dataset = get().dataset;
        workingSizeChosen = true;
        put({ workingSizePx: sizePx, workingSizeNote: null });
        if (!dataset || dataset.sizePx === sizePx) return;
        if (dataset.source === 'sample') {
          await loadSample(sizePx);
          return;
        }
        const { engine, db } = await svc();
        if (!db) return;
        put({ dataStatus: 'loading' });
        try {
          const originals = await loadOriginals(db);
          const copies = new Map<number, Uint8Array>();
          const CHUNK = 16;
          for (let i = 0; i < originals.length; i += CHUNK) {
            const chunk = originals.slice(i, i + CHUNK);
            const results = await engine.decode(chunk.map((o) => ({ name: o.name, bytes: o.bytes, mime: o.mime })), sizePx);
            results.forEach((r, j) => r.ok && copies.set(chunk[j]!.id, r.pixels));
          }
          await replaceWorkingCopies(db, { ...meta(), sizePx }, copies);
          const saved = await loadDataset(db);
          if (saved) await show(saved.dataset);
        } catch (error) {
          put({ dataError: errorMessage(error), workingSizePx: dataset.sizePx });
        } finally {
          put({ dataStatus: 'ready' });
        }
      },

      setPoolSize: (workers) => {
        void svc().then(({ engine }) => {
          engine.pool.resize(workers);
          put({ poolSize: engine.pool.size });
        });
      },

      batchSource: (pipeline, options) => {
        const { split } = get();
        if (!engineRef || !split) throw new Error('the dataset is still loading: wait for the class list before training');
        return engineRef.batchSource(pipeline, split, options);
      },

      previewVariants: async (request) => (await svc()).engine.preview(request),

      decodeImage: async (bytes, fileName, size) => {
        if (size.width !== size.height) throw new Error(`${fileName}: the model takes ${size.width}x${size.height} images, but images are decoded to a square working size.`);
        const { engine } = await svc();
        const { samples, report } = await importEntries([{ path: fileName, size: bytes.length, read: () => Promise.resolve(bytes) }], { sizePx: size.width, decode: engine.decode });
        const sample = samples[0];
        if (!sample) throw new Error(`${fileName}: ${report[0]?.reason ?? 'could not be read as an image'}`);
        return { width: size.width, height: size.height, channels: CHANNELS, data: sample.pixels };
      },
    };
  };
}
