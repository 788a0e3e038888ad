// Optimisers and the learning-rate schedule.
import type * as tfTypes from '@tensorflow/tfjs';
import { createFusedAdam } from './kernels/fusedAdam.js';
import type { OptimizerName, TrainSettings } from './types.js';

type Tf = typeof tfTypes;

/** Momentum for "SGD with momentum": the usual 0.9 (Sutskever et al. 2013). */
export const SGD_MOMENTUM = 0.9;
/** The step schedule multiplies the rate by this at each of its drops... */
export const STEP_DECAY_FACTOR = 0.1;
/** ...which come after every third of the run (epochs / STEP_DROPS, rounded up). */
export const STEP_DROPS = 3;

export function makeOptimizer(tf: Tf, name: OptimizerName, learningRate: number): tfTypes.Optimizer {
  switch (name) {
    case 'adam':
      // tfjs's Adam, with its per-variable update fused into one kernel on WebGPU (kernels/fusedAdam.ts).
      return createFusedAdam(tf, learningRate);
    case 'sgd':
      return tf.train.momentum(learningRate, SGD_MOMENTUM);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}

/** The learning rate for `epoch` (0-based) under the settings' schedule. */
export function learningRateAt(settings: Pick<TrainSettings, 'learningRate' | 'schedule' | 'epochs'>, epoch: number): number {
  const { learningRate, schedule, epochs } = settings;
  switch (schedule) {
    case 'constant':
      return learningRate;
    case 'cosine':
      return learningRate * 0.5 * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs)));
    case 'step': {
      const every = Math.max(1, Math.ceil(epochs / STEP_DROPS));
      return learningRate * STEP_DECAY_FACTOR ** Math.floor(epoch / every);
    }
  }
}

/**
 * Changes an optimiser's rate in place, keeping its state (moments). SGD and momentum keep the
 * rate as a tensor and expose setLearningRate; Adam and RMSprop read the plain `learningRate`
 * field on every step but declare it protected, hence the cast.
 */
export function setLearningRate(optimizer: tfTypes.Optimizer, learningRate: number): void {
  const withSetter = optimizer as unknown as { setLearningRate?: (lr: number) => void };
  if (typeof withSetter.setLearningRate === 'function') {
    withSetter.setLearningRate(learningRate);
    return;
  }
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
