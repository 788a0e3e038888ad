// Workload 3 on the bench page: the app's own Trainer (src/train) on one tfjs backend, fed two ways
// in the same page load: "ideal", one S1 batch made once and handed over again every step (no
// loader: the data is already in memory), and "fed", the real DataEngine / PoolBatchSource of
// src/workers running S1 live on the worker pool over the built-in sample dataset (64 px). Figures
// come from the trainer's own accounting (its BatchEvents: time awaiting the source, time from
// having the batch to having the loss read back), over the steps after a few warm-up ones (shader
// compilation, allocation). Long main-thread tasks are observed during the measured steps.

import { DEFAULT_SPLIT_SEED, DEFAULT_VALIDATION_FRACTION, stratifiedSplit } from '../../src/data/dataset.js';
import { SAMPLE_DATASET_SEED, SAMPLE_PER_CLASS } from '../../src/data/sampleDataset.js';
import { selectBackend, type BackendName } from '../../src/train/backend.js';
import { buildModel } from '../../src/train/models.js';
import { Trainer } from '../../src/train/trainer.js';
import { DEFAULT_SETTINGS, type BatchEvent, type ModelPreset } from '../../src/train/types.js';
import { browserWorker } from '../../src/workers/client.js';
import { DataEngine } from '../../src/workers/engine.js';
import type { Batch, BatchSource, SampleShape } from '../../src/workers/types.js';
import { s1Pipeline } from '../s1.js';

const SIZE_PX = 64;

export interface TrainPlan {
  model: ModelPreset;
  batchSize: number;
  /** Steps trained and not counted (shader compilation, first allocations, JIT). */
  warmup: number;
  /** Steps counted at most. */
  steps: number;
  /** Stop counting after this many seconds of measured steps (at least `minSteps` are counted). */
  maxSeconds: number;
  minSteps: number;
}

export interface VariantResult {
  steps: number;
  samples: number;
  /** samples / (wait + compute), the trainer's own rate. */
  samples_per_s: number;
  /** samples / wall time of the measured steps (includes the trainer's bookkeeping between steps). */
  wall_samples_per_s: number;
  wait_fraction: number;
  wait_ms_total: number;
  compute_ms_total: number;
  step_ms_median: number;
  step_ms_max: number;
  warmup_ms: number[];
  longest_task_ms: number;
  long_tasks: number;
}

/**
 * Hands out at most warmup + steps batches of `inner` (across its epochs, as the trainer's epochs
 * would), times the measured steps by wall clock, and has no validation split (the trainer's
 * end-of-epoch evaluation is then empty, so it costs nothing here).
 */
class CountedSource implements BatchSource {
  readonly sampleShape: SampleShape;
  readonly numClasses: number;
  measureStartedAt = NaN;
  measureEndedAt = NaN;
  counted = 0;

  constructor(
    private readonly inner: BatchSource,
    private readonly plan: TrainPlan,
  ) {
    this.sampleShape = inner.sampleShape;
    this.numClasses = inner.numClasses;
  }

  trainBatches(): number {
    return this.plan.warmup + this.plan.steps;
  }

  train(_epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    const self = this;
    const { warmup, steps, maxSeconds, minSteps } = this.plan;
    return (async function* () {
      let handed = 0;
      for (let epoch = 0; ; epoch++) {
        for await (const batch of self.inner.train(epoch, batchSize, signal)) {
          const now = performance.now();
          if (handed === warmup) self.measureStartedAt = now;
          if (handed > warmup) self.counted = handed - warmup;
          const enough = handed >= warmup + steps || (handed - warmup >= minSteps && now - self.measureStartedAt > maxSeconds * 1000);
          if (enough) {
            self.measureEndedAt = now;
            return;
          }
          handed++;
          yield batch;
        }
      }
    })();
  }

  validation(): AsyncIterable<Batch> {
    return (async function* () {})();
  }
}

/** Every step of `batch` again: the ideal source (data already in memory, no loader). */
function residentSource(batch: Batch, sampleShape: SampleShape, numClasses: number): BatchSource {
  return {
    sampleShape,
    numClasses,
    trainBatches: () => Number.MAX_SAFE_INTEGER,
    train: (epoch) =>
      (async function* () {
        for (let index = 0; ; index++) yield { ...batch, epoch, index, waitMs: 0 };
      })(),
    validation: () => (async function* () {})(),
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

async function trainVariant(tf: typeof import('@tensorflow/tfjs'), model: import('@tensorflow/tfjs').LayersModel, inner: BatchSource, plan: TrainPlan): Promise<VariantResult> {
  const source = new CountedSource(inner, plan);
  const events: BatchEvent[] = [];
  const longTasks: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ type: 'longtask' });
  const settings = { ...DEFAULT_SETTINGS, preset: plan.model, epochs: 1, batchSize: plan.batchSize };
  const trainer = new Trainer(tf, model, source, settings, {
    onUpdate: (u) => {
      events.push(...u.batches);
      progress.stepsMs.push(...u.batches.map((e) => Math.round(e.waitMs + e.computeMs)));
    },
  });
  try {
    await trainer.run();
  } finally {
    trainer.dispose();
    observer.disconnect();
  }
  const measured = events.slice(plan.warmup);
  const wait = measured.reduce((a, e) => a + e.waitMs, 0);
  const compute = measured.reduce((a, e) => a + e.computeMs, 0);
  const samples = measured.reduce((a, e) => a + e.size, 0);
  const wallMs = source.measureEndedAt - source.measureStartedAt;
  const inWindow = longTasks.filter((t) => t.start >= source.measureStartedAt && t.start <= source.measureEndedAt);
  return {
    steps: measured.length,
    samples,
    samples_per_s: (samples * 1000) / (wait + compute),
    wall_samples_per_s: (samples * 1000) / wallMs,
    wait_fraction: wait / (wait + compute),
    wait_ms_total: wait,
    compute_ms_total: compute,
    step_ms_median: median(measured.map((e) => e.waitMs + e.computeMs)),
    step_ms_max: Math.max(...measured.map((e) => e.waitMs + e.computeMs)),
    warmup_ms: events.slice(0, plan.warmup).map((e) => Math.round(e.waitMs + e.computeMs)),
    longest_task_ms: inWindow.length ? Math.max(...inWindow.map((t) => t.duration)) : 0,
    long_tasks: inWindow.length,
  };
}

/** What the open backend's page holds between calls. */
interface Session {
  tf: typeof import('@tensorflow/tfjs');
  engine: DataEngine;
  fed: BatchSource;
  numClasses: number;
  layout: 'NHWC' | 'NCHW';
  models: Map<ModelPreset, import('@tensorflow/tfjs').LayersModel>;
  /** One real S1 batch per batch size, made once by the same loader: the ideal run's data. */
  resident: Map<number, Batch>;
}

let session: Session | null = null;
/** Step times of the variant running now (wait + compute, ms), readable while it runs. */
export const progress: { variant: string; stepsMs: number[] } = { variant: '', stepsMs: [] };

/** Starts `backend` (forced; throws if it does not start), the pool and the built-in sample dataset. */
export async function trainingOpen(backend: BackendName, convolutions: boolean): Promise<{ backend: string; adapter: string | undefined; pool_workers: number; dataset: string }> {
  const choice = await selectBackend(backend, { trainsConvolutions: convolutions });
  const tf = await import('@tensorflow/tfjs');
  const engine = new DataEngine(browserWorker);
  const dataset = await engine.generateSample(SIZE_PX, SAMPLE_PER_CLASS, SAMPLE_DATASET_SEED);
  await engine.setDataset(dataset);
  const pipeline = s1Pipeline();
  const split = stratifiedSplit(dataset.labels, dataset.classes.length, DEFAULT_VALIDATION_FRACTION, DEFAULT_SPLIT_SEED);
  const fed = engine.batchSource(pipeline, split);
  session = { tf, engine, fed, numClasses: dataset.classes.length, layout: pipeline.output.layout, models: new Map(), resident: new Map() };
  return {
    backend: tf.getBackend(),
    adapter: choice.adapter,
    pool_workers: engine.pool.size,
    dataset: `built-in sample, ${dataset.labels.length} images of ${SIZE_PX} px, ${dataset.classes.length} classes, ${split.train.length} for training`,
  };
}

/** One variant of one plan: the model (built once per preset, then kept) trained ideal or fed. */
export async function trainingVariant(plan: TrainPlan, variant: 'ideal' | 'fed'): Promise<VariantResult & { params: number }> {
  if (!session) throw new Error('trainingOpen first');
  const { tf, fed } = session;
  let model = session.models.get(plan.model);
  if (!model) {
    model = buildModel(tf, { preset: plan.model, sampleShape: fed.sampleShape, layout: session.layout, numClasses: session.numClasses, seed: DEFAULT_SETTINGS.initSeed });
    session.models.set(plan.model, model);
  }
  let source = fed;
  if (variant === 'ideal') {
    let batch = session.resident.get(plan.batchSize);
    if (!batch) {
      for await (const b of fed.train(1_000_000, plan.batchSize)) {
        batch = b;
        break;
      }
      if (!batch) throw new Error('the loader gave no batch');
      session.resident.set(plan.batchSize, batch);
    }
    source = residentSource(batch, fed.sampleShape, fed.numClasses);
  }
  progress.variant = `${plan.model} ${variant}`;
  progress.stepsMs = [];
  return { ...(await trainVariant(tf, model, source, plan)), params: model.countParams() };
}

export function trainingClose(): void {
  if (!session) return;
  for (const model of session.models.values()) model.dispose();
  session.engine.destroy();
  session = null;
}
