// A BatchSource over a time-series dataset: each sample runs through the series pipeline for its
// (seed, epoch, index) — training draws augmentations, validation runs the preprocess steps only —
// and lands in the batch as 1 x length x channels (models1d.ts). Rendered on the calling thread
// (series are small: bench S2 runs thousands a second in one thread); the page uses the series
// worker pool's source instead (workers/seriesClient.ts). seriesTrainingData wraps either as the
// TrainingData a session trains on.
import type { SeriesDataset } from '../data/series/dataset.js';
import { seriesAt } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { runSeriesPipeline, seriesOutputShape } from '../pipeline/series/run.js';
import type { BatchSource } from '../workers/types.js';
import { MemoryBatchSource } from './memorySource.js';
import { seriesSampleShape } from './models1d.js';
import type { TrainingData } from './sessionTypes.js';

export interface SeriesSourceOptions {
  validationFraction: number;
  splitSeed: number;
}

/** Makes the batches of a run: in memory on this thread (below), or the page's worker pool. */
export type SeriesSourceFactory = (dataset: SeriesDataset, pipeline: Pipeline, options: SeriesSourceOptions) => BatchSource;

/** The split of a series run: a fifth of every class held out, split seed 1. */
export const SERIES_SPLIT: SeriesSourceOptions = { validationFraction: 0.2, splitSeed: 1 };

export function seriesBatchSource(dataset: SeriesDataset, pipeline: Pipeline, options: SeriesSourceOptions): MemoryBatchSource {
  const shape = seriesOutputShape(pipeline, { length: dataset.length, channels: dataset.channels });
  const size = shape.length * shape.channels;
  return new MemoryBatchSource({
    sampleShape: seriesSampleShape(shape.length, shape.channels),
    numClasses: dataset.classes.length,
    labels: dataset.labels,
    validationFraction: options.validationFraction,
    splitSeed: options.splitSeed,
    shuffleSeed: pipeline.seed,
    render: (index, epoch, mode, out, offset) => {
      const result = runSeriesPipeline(pipeline, seriesAt(dataset, index), { epoch, index, mode });
      if (result.data.length !== size) throw new Error(`Series ${dataset.names[index] ?? index}: the pipeline made ${result.length} x ${result.channels}, expected ${shape.length} x ${shape.channels}.`);
      out.set(result.data, offset);
    },
  });
}

/** What a session trains on for a series dataset: its batches, classes, how it reached the working length, and a key for checkpoints. */
export function seriesTrainingData(dataset: SeriesDataset, pipeline: Pipeline, makeSource: SeriesSourceFactory = seriesBatchSource, split: SeriesSourceOptions = SERIES_SPLIT): TrainingData {
  const { length, channels, lengthRule, classes } = dataset;
  const count = dataset.labels.length;
  return {
    source: makeSource(dataset, pipeline, split),
    classes: [...classes],
    inputSize: { width: length, height: 1 },
    description: `time series: ${count} series of ${length} steps x ${channels} channel${channels === 1 ? '' : 's'}, ${classes.length} classes`,
    // The split is part of it: continuing on another split would train on validation samples.
    key: `series|${classes.join(',')}|${count}|${length} ${lengthRule}|${channels}|split ${split.splitSeed}/${split.validationFraction}`,
    series: { workingLength: length, lengthRule, channels },
  };
}
