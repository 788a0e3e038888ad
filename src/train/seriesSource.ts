// A BatchSource over a time-series dataset: each sample runs through the series pipeline for its
// (seed, epoch, index) — training draws augmentations, validation runs the preprocess steps only —
// and lands in the batch as 1 x length x channels (models1d.ts). Rendered on the calling thread
// (series are small: bench S2 runs thousands a second in one thread).
import type { SeriesDataset } from '../data/series/dataset.js';
import { seriesAt } from '../data/series/dataset.js';
import type { Pipeline } from '../pipeline/schema/pipeline.js';
import { runSeriesPipeline, seriesOutputShape } from '../pipeline/series/run.js';
import { MemoryBatchSource } from './memorySource.js';
import { seriesSampleShape } from './models1d.js';

export interface SeriesSourceOptions {
  validationFraction: number;
  splitSeed: number;
}

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
