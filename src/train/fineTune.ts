// Fine-tuning's optimiser step: the unfrozen backbone weights train at a share of the head's rate,
// with their own optimiser (Adam's step does not scale with the gradient, so scaling gradients
// would change nothing).
import type * as tfTypes from '@tensorflow/tfjs';
import { makeOptimizer } from './optim.js';
import type { OptimizerName } from './types.js';

type Tf = typeof tfTypes;

/** Weights (tf.Variable names) that train at `factor` times the learning rate. */
export interface SlowWeights {
  names: ReadonlySet<string>;
  factor: number;
}

export interface SlowGroup extends SlowWeights {
  optimizer: tfTypes.Optimizer;
}

/** The slow weights' own optimiser (none when there are none); checks the factor. */
export function slowGroup(tf: Tf, name: OptimizerName, learningRate: number, weights: SlowWeights | undefined): SlowGroup | undefined {
  if (!weights) return undefined;
  if (!(weights.factor > 0 && weights.factor <= 1)) throw new Error(`Fine-tune rate factor must be in (0, 1], got ${weights.factor}.`);
  return weights.names.size ? { ...weights, optimizer: makeOptimizer(tf, name, learningRate * weights.factor) } : undefined;
}

/** One update of `variables`: slow ones through their own optimiser. Returns the loss. */
export function minimizeGroups(tf: Tf, optimizer: tfTypes.Optimizer, slow: SlowGroup | undefined, objective: () => tfTypes.Scalar, variables: tfTypes.Variable[]): tfTypes.Scalar | null {
  if (!slow) return optimizer.minimize(objective, true, variables);
  // Gradients of every variable once, then each group applies its own.
  const { value, grads } = optimizer.computeGradients(objective, variables);
  const fastGrads: tfTypes.NamedTensorMap = {};
  const slowGrads: tfTypes.NamedTensorMap = {};
  for (const [name, grad] of Object.entries(grads)) (slow.names.has(name) ? slowGrads : fastGrads)[name] = grad;
  optimizer.applyGradients(fastGrads);
  slow.optimizer.applyGradients(slowGrads);
  tf.dispose(Object.values(grads));
  return value;
}
