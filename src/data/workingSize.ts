// The working size a dataset should default to: its own size when every image is smaller than the
// default, so small images (8x8 digits, 28x28 icons) are not upscaled at several times the compute
// for no extra information. Pure: the importer's results in, a size out.
import { DEFAULT_WORKING_SIZE_PX, MIN_WORKING_SIZE_PX } from './dataset.js';

/**
 * Working sizes are multiples of this: the CNN presets halve the image twice before their head,
 * and a size they halve evenly keeps every pixel in a pooling window.
 */
export const WORKING_SIZE_MULTIPLE_PX = 4;

export interface WorkingSizeChoice {
  sizePx: number;
  /** Why, in a sentence for the note beside the setting; undefined when the default stands. */
  reason?: string;
}

/** Default working size for images of these sizes (their largest side, rounded up to the multiple); the default when any is as large as it. */
export function workingSizeFromData(sizes: readonly { width: number; height: number }[], defaultPx = DEFAULT_WORKING_SIZE_PX): WorkingSizeChoice {
  if (sizes.length === 0) return { sizePx: defaultPx };
  let largest = 0;
  for (const { width, height } of sizes) largest = Math.max(largest, width, height);
  if (!(largest < defaultPx)) return { sizePx: defaultPx };
  const rounded = Math.ceil(largest / WORKING_SIZE_MULTIPLE_PX) * WORKING_SIZE_MULTIPLE_PX;
  const sizePx = Math.min(defaultPx, Math.max(MIN_WORKING_SIZE_PX, rounded));
  if (sizePx >= defaultPx) return { sizePx: defaultPx };
  return { sizePx, reason: `Every image is at most ${largest}x${largest} px, so the working size is ${sizePx} px instead of ${defaultPx}: upscaling would add compute, not information.` };
}
