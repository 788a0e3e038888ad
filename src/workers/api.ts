// What runs inside a pool worker: it holds the dataset's working-size pixels and packs augmented
// batches, preview variants, decoded imports and the built-in sample. Plain functions on a plain
// object, so Node tests run the very same code in-process (batch.worker.ts exposes it with Comlink).

import { checkedPipeline, displayVariant, kernelsInUse, outputShape, runPipelineInto, type DisplayVariant, type ImageU8, type Mode, type Pipeline } from '../pipeline/index.js';
import { BatchMixer, drawBatchMix, softTargets } from '../pipeline/batchMix.js';
import { errorMessage } from '../pipeline/errorMessage.js';
import { CHANNELS, sampleBytes, sampleImage } from '../data/dataset.js';
import type { DecodeJob, DecodeResult } from '../data/importer.js';
import { makeSampleDataset } from '../data/sampleDataset.js';

/** The pixels a worker holds. `pixels` may be a SharedArrayBuffer view (shared, not copied). */
export interface DatasetPayload {
  /** Bumped on every dataset change: a request for another generation is refused, never served stale pixels. */
  generation: number;
  sizePx: number;
  pixels: Uint8Array;
  labels: Int32Array;
  /** One byte per pixel per sample, when the dataset has masks. */
  masks?: Uint8Array;
}

export interface BatchRequest {
  generation: number;
  pipeline: Pipeline;
  mode: Mode;
  epoch: number;
  /** Dataset indices, in batch order. Each sample's randomness comes from (seed, epoch, its dataset index). */
  sampleIndices: Int32Array;
  /** Segmentation: also move each sample's mask with its image (same draws) into the payload's `masks`. */
  withMasks?: boolean;
  /** Number of classes, for the soft targets of batch steps (mixUp, cutMix). */
  numClasses?: number;
}

export interface BatchPayload {
  /** [n, ...sampleShape], float32, in the pipeline's output layout. */
  x: Float32Array;
  y: Int32Array;
  sampleIndices: Int32Array;
  /** With `withMasks`: [n, height, width] class indices (uint8), transferred with x and y in the same message. */
  masks?: Uint8Array;
  /** Soft targets [n, numClasses] of a training batch the pipeline's batch steps mixed (batchMix.ts). */
  yProb?: Float32Array;
}

export interface PreviewJob {
  generation: number;
  pipeline: Pipeline;
  /** A dataset index (pixels held by the worker) or an image sent along (with its mask, if any). */
  sample: number | (ImageU8 & { mask?: Uint8Array });
  /** Dataset index the randomness is drawn for (for an image sent along: whatever the caller chose). */
  index: number;
  variants: number;
  /** Variant k is drawn as epoch seedOffset + k. */
  seedOffset: number;
}

/** RGBA for a canvas, the moved mask (if the sample has one) and each step's drawn arguments (for hover). */
export type PreviewVariant = DisplayVariant;

export interface WorkerHooks {
  /** Marks buffers to move rather than copy (Comlink.transfer in a worker; identity in-process). */
  transfer<T>(value: T, buffers: ArrayBuffer[]): T;
  /** Decodes image files (createImageBitmap + OffscreenCanvas in a worker). */
  decode?(bytes: Uint8Array, mime: string, sizePx: number): Promise<DecodeResult>;
}

/** ArrayBuffers of these arrays that can be transferred (SharedArrayBuffers are shared, never transferred). */
function movable(...arrays: ArrayBufferView[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}

export function createWorkerApi(hooks: WorkerHooks) {
  let dataset: DatasetPayload | null = null;

  function requireDataset(generation: number): DatasetPayload {
    if (!dataset) throw new Error('worker has no dataset yet: the pool sends it before any batch (setDataset)');
    if (dataset.generation !== generation) {
      throw new Error(`dataset changed (worker holds generation ${dataset.generation}, request is for ${generation}); start a new epoch`);
    }
    return dataset;
  }

  function imageOf(ds: DatasetPayload, index: number): ImageU8 {
    const n = sampleBytes(ds.sizePx);
    if (!Number.isInteger(index) || index < 0 || (index + 1) * n > ds.pixels.length) {
      throw new Error(`sample index ${index} is outside the dataset (${ds.pixels.length / n} samples)`);
    }
    return { width: ds.sizePx, height: ds.sizePx, channels: CHANNELS, data: ds.pixels.subarray(index * n, (index + 1) * n) };
  }

  /** The sample with its mask, for the preview and segmentation batches. */
  function imageWithMask(ds: DatasetPayload, index: number): ImageU8 & { mask?: Uint8Array } {
    imageOf(ds, index); // checks the index
    return sampleImage(ds, index);
  }

  return {
    /** Which pipeline kernels this worker runs ("WebAssembly (SIMD)", or JavaScript and why). */
    pipelineKernels(): string {
      return kernelsInUse();
    },

    setDataset(payload: DatasetPayload): number {
      dataset = payload;
      return payload.generation;
    },

    /** One batch packed into one float32 buffer (x) and one int32 buffer (y), both transferred. */
    batch(request: BatchRequest): BatchPayload {
      const ds = requireDataset(request.generation);
      const { mode, epoch, sampleIndices } = request;
      // Checked once per batch (the request's copy of the pipeline is a plain object; the checked one
      // is frozen, so each sample skips the check).
      const pipeline = checkedPipeline(request.pipeline);
      const inShape = { width: ds.sizePx, height: ds.sizePx, channels: CHANNELS };
      const out = outputShape(pipeline, inShape, mode);
      const perSample = out.width * out.height * out.channels;
      const x = new Float32Array(perSample * sampleIndices.length);
      const y = new Int32Array(sampleIndices.length);
      if (request.withMasks && !ds.masks) throw new Error('a segmentation batch was asked for, but the dataset has no masks');
      const maskPixels = out.width * out.height;
      const masks = request.withMasks ? new Uint8Array(maskPixels * sampleIndices.length) : undefined;
      // Batch steps (mixUp, cutMix): each sample is mixed as soon as it is written, while in cache;
      // the labels go as soft targets in the same message.
      const batchSteps = mode === 'train' && request.numClasses ? pipeline.batch : undefined;
      if (batchSteps?.length && masks) throw new Error('batch steps (mixUp, cutMix) mix class labels; a segmentation batch has masks: disable the batch steps to train on masks');
      const draw = batchSteps?.length ? drawBatchMix(batchSteps, pipeline.seed, epoch, sampleIndices[0] ?? 0, out.width, out.height) : null;
      const mixer = draw && sampleIndices.length > 1 ? new BatchMixer({ x, ...out, layout: pipeline.output.layout }, draw, sampleIndices.length) : null;
      for (let k = 0; k < sampleIndices.length; k++) {
        const index = sampleIndices[k]!;
        const image: ImageU8 & { mask?: Uint8Array } = masks ? imageWithMask(ds, index) : imageOf(ds, index);
        const opts = image.mask ? { epoch, index, mode, mask: image.mask } : { epoch, index, mode };
        // Written straight into the sample's slot of the batch buffer: no copy per sample.
        const got = runPipelineInto(pipeline, image, opts, { data: x, offset: k * perSample, layout: pipeline.output.layout });
        if (got.width * got.height * got.channels !== perSample) {
          throw new Error(`sample ${index}: pipeline output is ${got.width}x${got.height}x${got.channels}, the batch expects ${out.width}x${out.height}x${out.channels}`);
        }
        if (masks) masks.set(got.mask!, k * maskPixels);
        y[k] = ds.labels[index]!;
        mixer?.sampleDone(k);
      }
      mixer?.finish();
      const indices = Int32Array.from(sampleIndices);
      const payload: BatchPayload = masks ? { x, y, sampleIndices: indices, masks } : { x, y, sampleIndices: indices };
      if (batchSteps?.length) payload.yProb = softTargets(y, request.numClasses!, draw);
      return hooks.transfer(payload, movable(x, y, indices, ...(masks ? [masks] : []), ...(payload.yProb ? [payload.yProb] : [])));
    },

    /** `variants` pictures of one sample as the training run would see them in epochs seedOffset, seedOffset + 1, ... */
    preview(job: PreviewJob): PreviewVariant[] {
      const image = typeof job.sample === 'number' ? imageWithMask(requireDataset(job.generation), job.sample) : job.sample;
      const variants: PreviewVariant[] = [];
      for (let k = 0; k < job.variants; k++) variants.push(displayVariant(job.pipeline, image, { epoch: job.seedOffset + k, index: job.index }));
      return hooks.transfer(variants, movable(...variants.flatMap((v) => (v.mask ? [v.rgba, v.mask] : [v.rgba]))));
    },

    /** Decodes files to working size; a bad file gives {ok: false, reason}, never a throw. */
    async decode(jobs: DecodeJob[], sizePx: number): Promise<DecodeResult[]> {
      const decode = hooks.decode;
      if (!decode) throw new Error('this worker cannot decode images (no decoder given to createWorkerApi)');
      const results: DecodeResult[] = [];
      for (const job of jobs) {
        try {
          results.push(await decode(job.bytes, job.mime, sizePx));
        } catch (error) {
          results.push({ ok: false, reason: `could not be decoded (${errorMessage(error)})` });
        }
      }
      return hooks.transfer(results, movable(...results.flatMap((r) => (r.ok ? [r.pixels] : []))));
    },

    /** The built-in dataset (generating 1,000 pictures takes longer than a frame: hence a worker). */
    generateSample(sizePx: number, perClass: number, seed: number) {
      const ds = makeSampleDataset(sizePx, perClass, seed);
      const result = { sizePx, classes: ds.classes, names: ds.names, labels: ds.labels, pixels: ds.pixels, masks: ds.masks };
      return hooks.transfer(result, movable(ds.labels, ds.pixels, ...(ds.masks ? [ds.masks] : [])));
    },
  };
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
