// Optimisers, and changing an optimiser's rate in place (the schedule itself is in schedule.ts).
import type * as tfTypes from '@tensorflow/tfjs';
import { createFusedAdam } from './kernels/fusedAdam.js';
import type { OptimizerName } from './types.js';

type Tf = typeof tfTypes;

/** Momentum for "SGD with momentum": the usual 0.9 (Sutskever et al. 2013). */
export const SGD_MOMENTUM = 0.9;

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
