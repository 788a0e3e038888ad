// The training loop: per batch, await the source, one optimiser step, read the loss back with
// `await data()`. It accounts its time (waiting for data vs computing), publishes coalesced events
// at most once per frame, and stops, pauses and resumes at batch boundaries. No DOM: it runs in
// the page and in Node (unit tests, CPU backend) alike.
import type * as tfTypes from '@tensorflow/tfjs';
import type { Batch, BatchSource } from '../workers/types.js';
import { evaluate, DEFAULT_GALLERY_COUNT } from './evaluate.js';
import { minimizeGroups, slowGroup, type SlowGroup, type SlowWeights } from './fineTune.js';
import { makeOptimizer, setLearningRate } from './optim.js';
import { UpdatePublisher, type FrameScheduler } from './publisher.js';
import { learningRateAtStep } from './schedule.js';
import type { BatchEvent, EpochEvent, Evaluation, TrainerUpdate, TrainSettings } from './types.js';
import { segmentationObjective } from './segmentation.js';
import { softmaxCrossEntropy } from './kernels/softmaxCrossEntropy.js';

type Tf = typeof tfTypes;

export type RunOutcome = 'completed' | 'stopped' | 'early-stopped';

export interface TrainerPosition {
  /** The epoch being (or next to be) trained, 0-based. */
  epoch: number;
  /** Batches of that epoch already trained. */
  batch: number;
  /** Optimiser steps taken in total. */
  step: number;
}

export interface EpochEndInfo {
  event: EpochEvent;
  evaluation?: Evaluation;
  position: TrainerPosition;
}

export interface TrainerOptions {
  /** Coalesced events, at most once per animation frame (or per timer tick without frames). */
  onUpdate?: (update: TrainerUpdate) => void;
  /** How updates are scheduled; default: animation frames with a timer fallback. */
  scheduler?: FrameScheduler;
  /** Awaited after each epoch (and its validation), before the next: the place to checkpoint. */
  onEpochEnd?: (info: EpochEndInfo) => Promise<void> | void;
  /** Where to start, when continuing from a checkpoint (epochs done and steps taken). */
  start?: { epoch: number; step: number };
  /** How many of the most-wrong validation samples each evaluation keeps for the gallery. */
  galleryCount?: number;
  /** Called when a pause takes hold at a batch boundary, after every trained batch was published. */
  onPaused?: () => void;
  /** Fine-tuning: these weights train at a share of the rate, with their own optimiser (fineTune.ts). */
  slowWeights?: SlowWeights;
}

interface EpochTotals {
  samples: number;
  lossSum: number;
  correct: number;
  waitMs: number;
  computeMs: number;
  startedAt: number;
}

function newTotals(): EpochTotals {
  return { samples: 0, lossSum: 0, correct: 0, waitMs: 0, computeMs: 0, startedAt: performance.now() };
}

/**
 * Trains one model on one BatchSource. `run()` trains until the last epoch, a stop, or early
 * stopping; after a stop, `run()` again continues from the same step with the same optimiser state.
 */
export class Trainer {
  readonly optimizer: tfTypes.Optimizer;
  private readonly slow: SlowGroup | undefined;
  readonly position: TrainerPosition;
  /** Epoch events so far (also published). */
  readonly history: EpochEvent[] = [];
  lastEvaluation: Evaluation | undefined;

  private readonly publisher: UpdatePublisher;
  private readonly variables: tfTypes.Variable[];
  private totals: EpochTotals = newTotals();
  private running = false;
  private stopRequested = false;
  private paused = false;
  private wakeUp: (() => void) | undefined;
  private bestValLoss = Infinity;
  private epochsSinceBest = 0;
  /** Copies of every weight (batch-norm statistics included) at the best validation loss so far. */
  private bestWeights: tfTypes.Tensor[] | undefined;
  /** The epoch (0-based) whose weights the model holds after a run with early stopping on. */
  bestEpoch: number | undefined;
  /** Optimiser steps of the whole run, for the learning-rate schedule. */
  readonly totalSteps: number;

  constructor(
    private readonly tf: Tf,
    readonly model: tfTypes.LayersModel,
    readonly source: BatchSource,
    readonly settings: TrainSettings,
    private readonly options: TrainerOptions = {},
  ) {
    if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) throw new Error(`Batch size must be a whole number of at least 1, got ${settings.batchSize}.`);
    if (!Number.isInteger(settings.epochs) || settings.epochs < 1) throw new Error(`Epochs must be a whole number of at least 1, got ${settings.epochs}.`);
    if (!(settings.learningRate > 0)) throw new Error(`Learning rate must be above 0, got ${settings.learningRate}.`);
    if (!(settings.labelSmoothing >= 0 && settings.labelSmoothing < 1)) throw new Error(`Label smoothing must be in [0, 1), got ${settings.labelSmoothing}.`);
    if (!(settings.diceWeight >= 0)) throw new Error(`Dice loss weight must be 0 or more, got ${settings.diceWeight}.`);
    this.totalSteps = settings.epochs * source.trainBatches(settings.batchSize);
    this.position = { epoch: options.start?.epoch ?? 0, batch: 0, step: options.start?.step ?? 0 };
    this.optimizer = makeOptimizer(tf, settings.optimizer, this.learningRate());
    this.slow = slowGroup(tf, settings.optimizer, this.learningRate(), options.slowWeights);
    this.publisher = new UpdatePublisher((update) => options.onUpdate?.(update), options.scheduler);
    // Only this model's weights: minimize() would otherwise update every trainable variable alive
    // in tfjs, e.g. an imported model's. LayerVariable.read() returns the tf.Variable itself.
    this.variables = model.trainableWeights.map((w) => {
      const v = w.read();
      if (!(v instanceof tf.Variable)) throw new Error(`Weight ${w.name} is not a tf.Variable`);
      return v;
    });
  }

  /** The rate for the next optimiser step. */
  private learningRate(): number {
    return learningRateAtStep(this.settings, this.position.step, this.totalSteps);
  }

  get isRunning(): boolean {
    return this.running;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get done(): boolean {
    return this.position.epoch >= this.settings.epochs;
  }

  /** Ends the run at the next batch boundary (a paused run ends at once). `run()` continues from there. */
  stop(): void {
    this.stopRequested = true;
    this.wake();
  }

  /** Holds the run at the next batch boundary, keeping the data source's prefetch alive. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /** Resolves when not paused (or a stop came). */
  private async waitWhilePaused(): Promise<void> {
    if (!this.paused || this.stopRequested) return;
    // The batch in flight when Pause was pressed is done: publish it before saying "paused", so a
    // paused run's position never moves afterwards.
    this.publisher.flush();
    this.options.onPaused?.();
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
      });
    }
  }

  async run(): Promise<RunOutcome> {
    if (this.running) throw new Error('This trainer is already running; stop it first.');
    this.running = true;
    this.stopRequested = false;
    try {
      while (this.position.epoch < this.settings.epochs) {
        const finished = await this.trainEpoch();
        if (!finished) return 'stopped';
        if (await this.endEpoch()) {
          this.restoreBest();
          return 'early-stopped';
        }
      }
      this.restoreBest();
      return 'completed';
    } finally {
      this.running = false;
      this.publisher.flush();
    }
  }

  /** Trains the rest of the current epoch; false when stopped before its end. */
  private async trainEpoch(): Promise<boolean> {
    const { epoch } = this.position;
    if (this.position.batch === 0) this.totals = newTotals();
    const controller = new AbortController();
    const batches = this.source.train(epoch, this.settings.batchSize, controller.signal)[Symbol.asyncIterator]();
    // The BatchSource contract starts an epoch at its first batch; after a mid-epoch stop the
    // batches already trained are drawn again and skipped (same order: shuffling is by seed and epoch).
    let skip = this.position.batch;
    try {
      for (;;) {
        await this.waitWhilePaused();
        if (this.stopRequested) return false;
        const askedAt = performance.now();
        const next = await batches.next();
        const waitMs = performance.now() - askedAt;
        if (next.done) return true;
        if (skip > 0) {
          skip--;
          continue;
        }
        const batch = next.value;
        const startedAt = performance.now();
        setLearningRate(this.optimizer, this.learningRate());
        if (this.slow) setLearningRate(this.slow.optimizer, this.learningRate() * this.slow.factor);
        const { loss, correct } = await this.step(batch);
        const computeMs = performance.now() - startedAt;
        const t = this.totals;
        t.samples += batch.size;
        t.lossSum += loss * batch.size;
        t.correct += correct;
        t.waitMs += waitMs;
        t.computeMs += computeMs;
        const event: BatchEvent = {
          epoch,
          batch: this.position.batch,
          step: this.position.step,
          size: batch.size,
          loss,
          accuracy: correct / batch.size,
          waitMs,
          computeMs,
        };
        this.position.batch++;
        this.position.step++;
        this.publisher.batch(event, this.rates());
      }
    } finally {
      controller.abort();
      await batches.return?.();
    }
  }

  private rates(): { samplesPerSec: number; waitFraction: number } {
    const { samples, waitMs, computeMs } = this.totals;
    const busyMs = waitMs + computeMs;
    return { samplesPerSec: busyMs > 0 ? (samples * 1000) / busyMs : 0, waitFraction: busyMs > 0 ? waitMs / busyMs : 0 };
  }

  /** One optimiser step; returns the batch's mean loss and number right, read back asynchronously. */
  private async step(batch: Batch): Promise<{ loss: number; correct: number }> {
    const { tf, model, source } = this;
    const kept: { correct?: tfTypes.Tensor } = {};
    const metrics = tf.tidy(() => {
      const xs = tf.tensor(batch.x, [batch.size, ...source.sampleShape]);
      const labels = tf.tensor1d(batch.y, 'int32');
      // Soft targets when batch steps (mixUp, cutMix) mixed the batch: cross-entropy on probabilities.
      const ys = batch.yProb ? tf.tensor2d(batch.yProb, [batch.size, source.numClasses]) : tf.oneHot(labels, source.numClasses);
      const objective = (): tfTypes.Scalar => {
        const logits = model.apply(xs, { training: true }) as tfTypes.Tensor;
        if (batch.masks) {
          // Segmentation: per-pixel loss; "correct" is the batch's pixel accuracy times its size, so the epoch's accuracy is the pixel accuracy.
          const seg = segmentationObjective(tf, logits as tfTypes.Tensor4D, batch.masks, batch.size, this.settings.diceWeight);
          kept.correct = tf.keep(seg.correct);
          return seg.loss;
        }
        // Accuracy from the same forward pass; kept because minimize() disposes what f makes.
        kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')));
        // tf.losses.softmaxCrossEntropy's value; two programs instead of ~20 on WebGPU (kernels/softmaxCrossEntropy.ts).
        return softmaxCrossEntropy(tf, ys, logits, this.settings.labelSmoothing);
      };
      const loss = minimizeGroups(tf, this.optimizer, this.slow, objective, this.variables);
      if (!loss || !kept.correct) throw new Error('The optimiser returned no loss');
      // One tensor, so one read-back per step.
      return tf.stack([loss, kept.correct]);
    });
    kept.correct?.dispose();
    const [loss, correct] = await metrics.data();
    metrics.dispose();
    if (loss === undefined || !Number.isFinite(loss)) {
      throw new Error(`The loss became ${String(loss)} at epoch ${batch.epoch + 1}, batch ${batch.index + 1}: lower the learning rate and train again.`);
    }
    return { loss, correct: correct ?? 0 };
  }

  /** Validation, the epoch event, the epoch-end hook; true when early stopping says stop. */
  private async endEpoch(): Promise<boolean> {
    const { epoch } = this.position;
    const evaluation = await evaluate(this.tf, this.model, this.source, {
      epoch,
      batchSize: this.settings.batchSize,
      galleryCount: this.options.galleryCount ?? DEFAULT_GALLERY_COUNT,
    });
    const t = this.totals;
    const event: EpochEvent = {
      epoch,
      loss: t.samples > 0 ? t.lossSum / t.samples : NaN,
      accuracy: t.samples > 0 ? t.correct / t.samples : NaN,
      learningRate: learningRateAtStep(this.settings, Math.max(0, this.position.step - 1), this.totalSteps),
      ...this.rates(),
      durationMs: performance.now() - t.startedAt,
      step: this.position.step,
    };
    if (evaluation) {
      event.valLoss = evaluation.loss;
      event.valAccuracy = evaluation.accuracy;
      this.lastEvaluation = evaluation;
    }
    this.history.push(event);
    this.position.epoch = epoch + 1;
    this.position.batch = 0;
    this.publisher.epoch(event, evaluation);
    // The weights just evaluated are the ones to keep, before the hook runs.
    let stop = false;
    if (this.settings.patience > 0 && evaluation) {
      if (evaluation.loss < this.bestValLoss) {
        this.bestValLoss = evaluation.loss;
        this.epochsSinceBest = 0;
        this.keepBest(epoch);
      } else if (++this.epochsSinceBest >= this.settings.patience) {
        stop = true;
      }
    }
    await this.options.onEpochEnd?.({ event, evaluation, position: { ...this.position } });
    return stop;
  }

  private keepBest(epoch: number): void {
    const { tf } = this;
    this.bestWeights?.forEach((w) => w.dispose());
    this.bestWeights = this.model.getWeights().map((w) => tf.keep(tf.clone(w)));
    this.bestEpoch = epoch;
  }

  /** Puts the best epoch's weights back (early stopping on), so the model is the one validation chose. */
  private restoreBest(): void {
    if (!this.bestWeights) return;
    this.model.setWeights(this.bestWeights);
  }

  /** Frees the optimiser's state (the model belongs to the caller). */
  dispose(): void {
    this.optimizer.dispose();
    this.slow?.optimizer.dispose();
    this.bestWeights?.forEach((w) => w.dispose());
    this.bestWeights = undefined;
  }
}
