// What the Backbone panel says about how the next run trains: frozen (features cached or not) or
// fine-tuned, and the input-value choices it offers. Plain functions, no React, so they are tested.
import type { BackboneInfo } from '../../train/backboneRun.js';
import type { TrainSettings } from '../../train/types.js';

/** Value ranges converted models commonly expect: Keras applications / TF Hub [0, 1], MobileNet [-1, 1], raw [0, 255]. */
export const COMMON_INPUT_RANGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [-1, 1],
  [0, 255],
];

export const rangeKey = (range: readonly number[] | null): string => (range ? range.join(',') : '');

/** The input-range options: not stated, the common ones, and the model's own when it is another. */
export function inputRangeOptions(current: readonly number[] | null): { value: string; label: string }[] {
  const ranges = COMMON_INPUT_RANGES.map((r) => [...r]);
  if (current && !ranges.some((r) => rangeKey(r) === rangeKey(current))) ranges.push([...current]);
  return [{ value: '', label: 'not stated (not checked)' }, ...ranges.map((r) => ({ value: rangeKey(r), label: `[${r.join(', ')}]` }))];
}

export function parseRangeKey(key: string): readonly [number, number] | null {
  const [min, max] = key.split(',').map(Number);
  return key && Number.isFinite(min) && Number.isFinite(max) ? [min!, max!] : null;
}

/** How the next run trains with this backbone, in a sentence or two. */
export function backboneTrainingNote(backbone: BackboneInfo, settings: Pick<TrainSettings, 'fineTuneLayers' | 'fineTuneRateFactor'>, augmenting: boolean): string {
  const tuned = backbone.kind === 'layers' ? Math.min(settings.fineTuneLayers, backbone.tunableLayers) : 0;
  if (tuned > 0) {
    return `Fine-tuning: the last ${tuned} layer${tuned === 1 ? '' : 's'} with weights train at ${settings.fineTuneRateFactor} x the learning rate, the head at the full rate. Features are not cached: every batch runs through the whole backbone.`;
  }
  return augmenting
    ? 'Backbone frozen: only the head trains. Features are computed every batch (the pipeline has augment steps, so the pixels change each epoch).'
    : 'Backbone frozen: only the head trains. Features are cached per sample (no augment step), so each image goes through the backbone once.';
}
