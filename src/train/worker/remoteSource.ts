// The data of a run that trains in a dedicated worker: the page keeps the worker pool's loader
// (DataHost, main thread) and the trainer's worker reads it as a BatchSource (remoteData), one
// batch per call, its buffers moved, not copied. Plain async calls: Comlink carries them between
// the threads (workerSession.ts), and tests call them in-process.
import type { Pipeline } from '../../pipeline/index.js';
import type { Batch, BatchSource, SampleShape } from '../../workers/types.js';
import { checkBatchSize } from '../../workers/types.js';
import type { TrainingData } from '../sessionTypes.js';

/** What the worker learns about the data when it opens it: all but the batches. */
export interface RemoteDataInfo extends Omit<TrainingData, 'source'> {
  id: number;
  sampleShape: SampleShape;
  numClasses: number;
  /** Samples in the training split (trainBatches is ceil(trainSamples / batchSize), the loader's rule). */
  trainSamples: number;
  /** Segmentation: batches carry masks (BatchSource.segmentation). */
  segmentation?: boolean;
}

/** The page's side: opens the data for a pipeline and hands out its batches. */
export interface DataHost {
  open(pipeline: Pipeline): Promise<RemoteDataInfo>;
  /** Starts the training (epoch given) or validation batches of data `id`; returns an iterator id. */
  iterate(id: number, kind: 'train' | 'validation', epoch: number, batchSize: number): Promise<number>;
  /** The next batch, or null at the end. */
  next(iterator: number): Promise<Batch | null>;
  /** Stops an iterator early (a stop, or an error in the trainer): the loader drops its queue. */
  close(iterator: number): Promise<void>;
}

/** ArrayBuffers of a batch that can move (SharedArrayBuffers are shared, never transferred). */
function movable(batch: Batch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of [batch.x, batch.y, batch.sampleIndices, ...(batch.yProb ? [batch.yProb] : []), ...(batch.masks ? [batch.masks] : [])]) if (a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}

/** A DataHost over the store's data provider. `transfer` marks buffers to move (Comlink.transfer; identity in-process). */
export function dataHost(data: (pipeline: Pipeline) => Promise<TrainingData>, transfer: <T>(value: T, buffers: ArrayBuffer[]) => T = (v) => v): DataHost {
  const sources = new Map<number, BatchSource>();
  const iterators = new Map<number, AsyncIterator<Batch>>();
  let ids = 0;
  return {
    async open(pipeline) {
      const { source, ...rest } = await data(pipeline);
      const id = ++ids;
      sources.set(id, source);
      return { ...rest, id, sampleShape: source.sampleShape, numClasses: source.numClasses, trainSamples: source.trainBatches(1), ...(source.segmentation ? { segmentation: true } : {}) };
    },
    async iterate(id, kind, epoch, batchSize) {
      const source = sources.get(id);
      if (!source) throw new Error(`data ${id} is not open`);
      const iterable = kind === 'train' ? source.train(epoch, batchSize) : source.validation(batchSize);
      const iterator = ++ids;
      iterators.set(iterator, iterable[Symbol.asyncIterator]());
      return iterator;
    },
    async next(iterator) {
      const it = iterators.get(iterator);
      if (!it) throw new Error(`batch iterator ${iterator} is closed`);
      const result = await it.next();
      if (result.done) {
        iterators.delete(iterator);
        return null;
      }
      return transfer(result.value, movable(result.value));
    },
    async close(iterator) {
      const it = iterators.get(iterator);
      iterators.delete(iterator);
      await it?.return?.();
    },
  };
}

/** The worker's side: TrainingData whose BatchSource reads the host's batches. */
export async function remoteData(host: DataHost, pipeline: Pipeline): Promise<TrainingData> {
  const { id, sampleShape, numClasses, trainSamples, segmentation, ...rest } = await host.open(pipeline);
  async function* iterate(kind: 'train' | 'validation', epoch: number, batchSize: number, signal?: AbortSignal): AsyncGenerator<Batch> {
    const iterator = await host.iterate(id, kind, epoch, checkBatchSize(batchSize));
    let finished = false;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const batch = await host.next(iterator);
        if (!batch) {
          finished = true;
          return;
        }
        yield batch;
      }
    } finally {
      if (!finished) await host.close(iterator);
    }
  }
  const source: BatchSource = {
    sampleShape,
    numClasses,
    ...(segmentation ? { segmentation } : {}),
    trainBatches: (batchSize) => Math.ceil(trainSamples / checkBatchSize(batchSize)),
    train: (epoch, batchSize, signal) => iterate('train', epoch, batchSize, signal),
    validation: (batchSize, signal) => iterate('validation', 0, batchSize, signal),
  };
  return { ...rest, source };
}
