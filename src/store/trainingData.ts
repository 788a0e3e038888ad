// What a training run trains on, from the data slice: the dataset (waited for while it loads), its
// split, and the pipeline, as the worker pool's BatchSource.
import { maskClassNames } from '../data/dataset.js';
import type { Pipeline } from '../pipeline/index.js';
import type { TrainingData } from '../train/session.js';
import type { AppState } from './appStore.js';

/** How long Train waits for the data slice's first dataset (generated or read from IndexedDB at start). */
export const DATASET_WAIT_MS = 90_000;

interface StoreLike {
  getState(): AppState;
  subscribe(listener: (state: AppState) => void): () => void;
}

/** Resolves once a dataset is loaded; at start it may still be loading, and training must not use other data. */
function datasetLoaded(store: StoreLike, onWait: () => void): Promise<void> {
  if (store.getState().dataset) return Promise.resolve();
  onWait();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`The dataset did not load within ${DATASET_WAIT_MS / 1000} s: see the Data panel for why, then press Train again.`));
    }, DATASET_WAIT_MS);
    const unsubscribe = store.subscribe((state) => {
      if (!state.dataset) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** The session's data provider over the store's current dataset and split. */
export function trainingDataFrom(store: StoreLike, onWait: () => void): (pipeline: Pipeline) => Promise<TrainingData> {
  return async (pipeline) => {
    await datasetLoaded(store, onWait);
    const { dataset, split, batchSource, training } = store.getState();
    if (!dataset) throw new Error('The dataset is still loading: wait for the class list before training.');
    const count = dataset.labels.length;
    // Segmentation: the batches carry masks and the classes are the mask classes.
    const segmentation = training.settings.task === 'segmentation';
    const classes = segmentation ? maskClassNames(dataset) : [...dataset.classes];
    return {
      source: batchSource(pipeline, segmentation ? { segmentation } : undefined),
      classes,
      inputSize: { width: dataset.sizePx, height: dataset.sizePx },
      description: `${dataset.source === 'sample' ? 'built-in sample' : 'your images'}: ${count} images of ${dataset.sizePx} px, ${classes.length} ${segmentation ? 'mask classes' : 'classes'}`,
      // The split is part of it: continuing on another split would train on validation samples.
      key: `${dataset.source}|${segmentation ? 'segmentation|' : ''}${classes.join(',')}|${count}|${dataset.sizePx}|split ${split?.seed}/${split?.validationFraction}`,
      ...(segmentation && dataset.segmentation ? { classColours: dataset.segmentation.colours } : {}),
    };
  };
}
