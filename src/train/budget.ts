// A training budget in optimiser steps rather than a bare epoch count: a small dataset has few
// batches an epoch, so "10 epochs" of 600 images is only ~150 steps, too few for a network to
// learn; a large one needs no more than a few passes. The budget is shown as epochs and as an
// expected time from the step rate just measured; the user can still set epochs.

/**
 * Default optimiser steps of a run: "several hundred", the order the recipe asks for. Not
 * tuned step by step; with it the defaults beat scikit-learn's baselines on the digits and shapes
 * (bench/time-to-accuracy.mjs, BENCHMARKS.md), the digits reaching their final accuracy by about
 * three quarters of the run.
 */
export const DEFAULT_BUDGET_STEPS = 600;
/** Even a large dataset gets a few passes, so every sample is seen more than once (augmented differently). */
export const MIN_BUDGET_EPOCHS = 3;
/** A tiny dataset does not get hundreds of passes over the same few images. */
export const MAX_BUDGET_EPOCHS = 100;

export interface Budget {
  epochs: number;
  /** Optimiser steps those epochs take. */
  steps: number;
  batchesPerEpoch: number;
}

/** Epochs that give about `steps` optimiser steps over `trainSamples` in batches of `batchSize`. */
export function budgetEpochs(trainSamples: number, batchSize: number, steps = DEFAULT_BUDGET_STEPS): Budget {
  if (!Number.isInteger(trainSamples) || trainSamples < 1) throw new Error(`The training split needs at least 1 sample, got ${trainSamples}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Batch size must be a whole number of at least 1, got ${batchSize}.`);
  if (!(steps >= 1)) throw new Error(`The step budget must be at least 1, got ${steps}.`);
  const batchesPerEpoch = Math.ceil(trainSamples / batchSize);
  const epochs = Math.min(MAX_BUDGET_EPOCHS, Math.max(MIN_BUDGET_EPOCHS, Math.ceil(steps / batchesPerEpoch)));
  return { epochs, steps: epochs * batchesPerEpoch, batchesPerEpoch };
}

/** The settings a run uses: with `autoEpochs`, the epochs of the step budget for `trainSamples`. */
export function resolveEpochs<S extends { epochs: number; autoEpochs: boolean; batchSize: number }>(settings: S, trainSamples: number): S {
  return settings.autoEpochs ? { ...settings, epochs: budgetEpochs(trainSamples, settings.batchSize).epochs } : settings;
}

/** Seconds a budget should take at a measured step rate (undefined until there is a rate). */
export function expectedSeconds(budget: Pick<Budget, 'steps'>, stepsPerSecond: number | undefined): number | undefined {
  if (!stepsPerSecond || !(stepsPerSecond > 0)) return undefined;
  return budget.steps / stepsPerSecond;
}
