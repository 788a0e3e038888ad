// The learning rate per optimiser step: a linear warm-up over the first steps, then the chosen
// schedule over the rest. Per step rather than per epoch, because a small dataset has only a few
// batches an epoch and a warm-up of "one epoch" would then be either everything or nothing.
import type { TrainSettings } from './types.js';

/** The step schedule multiplies the rate by this at each of its drops... */
export const STEP_DECAY_FACTOR = 0.1;
/** ...which come after every third of the steps after warm-up. */
export const STEP_DROPS = 3;
/** Cosine decay ends at this share of the base rate rather than 0, so the last steps still move. */
export const COSINE_FLOOR = 0.01;

export type ScheduleSettings = Pick<TrainSettings, 'learningRate' | 'schedule' | 'warmupFraction'>;

/** Steps of linear warm-up for a run of `totalSteps`. */
export function warmupSteps(settings: Pick<TrainSettings, 'warmupFraction'>, totalSteps: number): number {
  const fraction = Math.min(Math.max(settings.warmupFraction, 0), 1);
  return Math.min(totalSteps, Math.round(fraction * totalSteps));
}

/** The learning rate for optimiser step `step` (0-based) of a run of `totalSteps`. */
export function learningRateAtStep(settings: ScheduleSettings, step: number, totalSteps: number): number {
  const { learningRate, schedule } = settings;
  const total = Math.max(1, totalSteps);
  const warm = warmupSteps(settings, total);
  if (step < warm) return (learningRate * (step + 1)) / (warm + 1);
  const after = Math.max(1, total - warm);
  const progress = Math.min(1, (step - warm) / after);
  switch (schedule) {
    case 'constant':
      return learningRate;
    case 'cosine':
      return learningRate * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    case 'step':
      return learningRate * STEP_DECAY_FACTOR ** Math.min(STEP_DROPS - 1, Math.floor(progress * STEP_DROPS));
  }
}
