// The data engine: one worker pool shared by training batches, the preview and import decoding.
// It sends the dataset's pixels to the workers once per dataset change and hands out loaders and
// previews. No DOM: the worker factory is injected (browser: ./client.ts; tests: in-process).

import type { ImageU8, Pipeline } from '../pipeline/index.js';
import { maskClassNames, type Dataset, type Split } from '../data/dataset.js';
import type { DecodeJob, DecodeResult } from '../data/importer.js';
import type { PreviewVariant, WorkerApi } from './api.js';
import { PoolBatchSource } from './loader.js';
import { WorkerPool, type PoolOptions, type WorkerFactory } from './pool.js';

export interface PreviewRequest {
  pipeline: Pipeline;
  /** Dataset indices (pixels already in the workers), or images sent along. */
  samples: readonly number[] | readonly ImageU8[];
  /** Variants per sample. */
  variants: number;
  /** Variant k of a sample is drawn as training epoch seedOffset + k (default 0). */
  seedOffset?: number;
}

/** variants[s][k]: variant k of samples[s]. */
export interface PreviewResult {
  variants: PreviewVariant[][];
}

export class DataEngine {
  readonly pool: WorkerPool<WorkerApi>;
  private generation = 0;
  private dataset: Dataset | null = null;
  private previewController: AbortController | null = null;

  constructor(factory: WorkerFactory<WorkerApi>, options: PoolOptions = {}) {
    this.pool = new WorkerPool(factory, options);
  }

  /** The dataset generation the workers hold. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Sends the dataset's pixels to every worker (shared, not copied, when they live in a SharedArrayBuffer). */
  async setDataset(dataset: Dataset): Promise<void> {
    this.dataset = dataset;
    const payload = { generation: ++this.generation, sizePx: dataset.sizePx, pixels: dataset.pixels, labels: dataset.labels, ...(dataset.masks ? { masks: dataset.masks } : {}) };
    await this.pool.setInit((api) => api.setDataset(payload));
  }

  /** The trainer's BatchSource over the current dataset, split and pipeline. */
  batchSource(pipeline: Pipeline, split: Split, options: { prefetch?: number; segmentation?: boolean } = {}): PoolBatchSource {
    const dataset = this.dataset;
    if (!dataset) throw new Error('no dataset loaded yet: wait for the data panel to show the classes');
    if (options.segmentation && !dataset.masks) throw new Error('Segmentation needs masks: import image + mask pairs (masks/<name>.png or <name>_mask.png), or use the built-in shapes.');
    return new PoolBatchSource(this.pool, {
      pipeline,
      generation: this.generation,
      sizePx: dataset.sizePx,
      numClasses: options.segmentation ? maskClassNames(dataset).length : dataset.classes.length,
      ...(options.segmentation ? { withMasks: true } : {}),
      train: split.train,
      validation: split.validation,
      ...(options.prefetch === undefined ? {} : { prefetch: options.prefetch }),
    });
  }

  /**
   * Preview variants, one job per sample spread over the pool. A newer call supersedes an older
   * one: the older one's queued jobs are dropped and it resolves to null.
   */
  async preview(request: PreviewRequest): Promise<PreviewResult | null> {
    this.previewController?.abort();
    const controller = new AbortController();
    this.previewController = controller;
    const generation = this.generation;
    const seedOffset = request.seedOffset ?? 0;
    try {
      const variants = await Promise.all(
        request.samples.map((sample: number | ImageU8, position) =>
          this.pool.run(
            (api) => api.preview({ generation, pipeline: request.pipeline, sample, index: typeof sample === 'number' ? sample : position, variants: request.variants, seedOffset }),
            controller.signal,
          ),
        ),
      );
      return controller.signal.aborted ? null : { variants };
    } catch (error) {
      if (controller.signal.aborted) return null;
      throw error;
    } finally {
      if (this.previewController === controller) this.previewController = null;
    }
  }

  /** The importer's Decoder: one chunk of files per job. */
  /** Which pipeline kernels the workers run (one worker asked: they all load the same module). */
  pipelineKernels = (): Promise<string> => this.pool.run((api) => api.pipelineKernels());

  decode = (jobs: DecodeJob[], sizePx: number, signal?: AbortSignal): Promise<DecodeResult[]> =>
    this.pool.run((api) => api.decode(jobs, sizePx), signal);

  /** Generates the built-in sample dataset on a worker. */
  async generateSample(sizePx: number, perClass: number, seed: number): Promise<Dataset> {
    const r = await this.pool.run((api) => api.generateSample(sizePx, perClass, seed));
    return { source: 'sample', sizePx: r.sizePx, classes: r.classes, names: r.names, hashes: new Array<string>(r.names.length).fill(''), labels: r.labels, pixels: r.pixels, ...(r.masks ? { masks: r.masks } : {}) };
  }

  destroy(): void {
    this.pool.destroy();
  }
}
