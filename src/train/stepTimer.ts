// The real step timer behind the measured "Auto" backend (autoBackend.ts): builds the chosen
// preset, trains a few steps on a synthetic batch on one backend and returns samples/s. Bounded:
// a slow backend is judged from a small probe batch instead of being made to run a full one (one
// full step of a CNN on a software WebGPU adapter can take half a minute).
import type * as tfTypes from '@tensorflow/tfjs';

import { buildModel, type ModelSpec } from './models.js';
import { makeOptimizer } from './optim.js';

type Tf = typeof tfTypes;

/** Samples in the probe batch that every backend runs first (warm-up, then timed). */
export const PROBE_BATCH = 4;
/** Timed full-batch steps at most: enough to smooth one slow step, few enough for the budget. */
const MAX_TIMED_STEPS = 5;
const LEARNING_RATE = 1e-3;

export interface StepTiming {
  samplesPerS: number;
  /** Batch size the figure comes from: the real one, or PROBE_BATCH when a full step would not fit the budget. */
  batchSize: number;
  timedSteps: number;
  /** The backend tfjs really ran (tf.getBackend() after switching). */
  backend: string;
}

export interface TimeStepsOptions {
  /** The model as the run will build it (preset, sample shape, layout, classes); the seed is fixed here. */
  model: Omit<ModelSpec, 'seed'>;
  batchSize: number;
  /** About how long to take, in all; the first (compiling) step may overrun it. */
  budgetMs: number;
  /**
   * Switches tfjs to `backend` and reports whether it started; default tf.setBackend. The app
   * passes its own (backend.ts), which also installs our kernels.
   */
  useBackend?: (backend: string) => Promise<boolean>;
  /**
   * Given up on (the chooser stopped waiting): the next step throws before computing anything, so
   * a measurement left behind does not go on stepping on whatever backend runs after it.
   */
  signal?: AbortSignal;
}

/**
 * Times training steps of `options.model` on `backend`: a warm-up and a timed step at PROBE_BATCH,
 * then, if the probe says a full batch fits what is left of the budget, a full-batch warm-up and up
 * to MAX_TIMED_STEPS timed ones. Throws when the backend does not start or a step fails.
 */
export async function timeTrainingSteps(tf: Tf, backend: string, options: TimeStepsOptions): Promise<StepTiming> {
  const started = performance.now();
  const ok = options.useBackend ? await options.useBackend(backend) : await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) throw new Error(`${backend} did not start (tfjs runs ${tf.getBackend()})`);
  const { model: spec, batchSize, budgetMs } = options;
  const model = buildModel(tf, { ...spec, seed: 1 });
  const optimizer = makeOptimizer(tf, 'adam', LEARNING_RATE);
  const batches = new Map<number, { x: tfTypes.Tensor; y: tfTypes.Tensor }>();
  const batch = (size: number) => {
    let b = batches.get(size);
    if (!b) {
      b = tf.tidy(() => ({
        x: tf.randomNormal([size, ...spec.sampleShape], 0, 1, 'float32', 7),
        y: tf.oneHot(tf.randomUniform([size], 0, spec.numClasses, 'int32', 8) as tfTypes.Tensor1D, spec.numClasses),
      }));
      batches.set(size, b);
    }
    return b;
  };
  const step = async (size: number): Promise<void> => {
    options.signal?.throwIfAborted();
    const { x, y } = batch(size);
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tfTypes.Tensor) as tfTypes.Scalar, true);
    if (!loss) throw new Error(`${backend}: the training step returned no loss`);
    const [value] = await loss.data();
    loss.dispose();
    if (!Number.isFinite(value)) throw new Error(`${backend}: the training step gave a loss of ${value}`);
  };
  const timed = async (size: number, steps: number): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step(size);
    return (performance.now() - t0) / steps;
  };
  try {
    const probe = Math.min(PROBE_BATCH, batchSize);
    await step(probe);
    const probeMs = await timed(probe, 1);
    const left = budgetMs - (performance.now() - started);
    // A full step costs at least as much as the probe per sample on a CPU-bound backend, and the
    // full batch needs a warm-up of its own (new shapes compile new WebGPU pipelines).
    const fullStepEstimateMs = (probeMs * batchSize) / probe;
    if (batchSize === probe || 2 * fullStepEstimateMs > left) {
      return { samplesPerS: (probe * 1000) / probeMs, batchSize: probe, timedSteps: 1, backend };
    }
    await step(batchSize);
    const firstMs = await timed(batchSize, 1);
    const more = Math.min(MAX_TIMED_STEPS - 1, Math.floor((budgetMs - (performance.now() - started)) / firstMs));
    const stepMs = more > 0 ? (firstMs + more * (await timed(batchSize, more))) / (1 + more) : firstMs;
    return { samplesPerS: (batchSize * 1000) / stepMs, batchSize, timedSteps: 1 + more, backend };
  } finally {
    optimizer.dispose();
    model.dispose();
    for (const { x, y } of batches.values()) tf.dispose([x, y]);
  }
}
