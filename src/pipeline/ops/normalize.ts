// Per-channel (value / maxPixelValue - mean) / std, the torchvision and Albumentations Normalize.

import { defineOp, type PerChannelAffine } from '../op.js';
import { num, vector } from '../params.js';

/** ImageNet channel statistics (RGB, [0, 1] units), as published with torchvision's models. */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/** Smallest std accepted: below it (v / max - mean) / std leaves any useful range, and 1e-320 underflows to NaN. */
export const STD_FLOOR = 1e-6;

/** (v / maxPixelValue - mean) / std as out = v * scale[c] + offset[c]. */
function normalizeAffine(args: { mean: readonly number[]; std: readonly number[]; maxPixelValue: number }, channels: number): PerChannelAffine {
  const scale = new Float64Array(channels);
  const offset = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const mean = args.mean[args.mean.length === 1 ? 0 : c]!;
    const std = args.std[args.std.length === 1 ? 0 : c]!;
    scale[c] = 1 / (args.maxPixelValue * std);
    offset[c] = -mean / std;
  }
  return { scale, offset };
}

export const normalize = defineOp({
  name: 'normalize',
  label: 'Normalise',
  description: 'Subtracts a per-channel mean and divides by a standard deviation',
  stage: 'preprocess',
  category: 'resize-normalise',
  defaultP: 1,
  appliesToMask: false,
  domain: 'any',
  leavesPixelRange: true,
  params: {
    mean: vector({ default: IMAGENET_MEAN, min: -1000, max: 1000, lengths: [1, 3], description: 'Mean per channel, in units of maxPixelValue (one value for all channels, or R, G, B)' }),
    std: vector({ default: IMAGENET_STD, min: STD_FLOOR, max: 1000, lengths: [1, 3], description: `Standard deviation per channel, at least ${STD_FLOOR} (a smaller one would blow values up beyond any use)` }),
    maxPixelValue: num({ default: 255, min: 1e-6, max: 65535, description: 'Values are divided by this first (255 for pixels, 1 after rescaling)' }),
  },
  presets: {
    ImageNet: { mean: IMAGENET_MEAN, std: IMAGENET_STD, maxPixelValue: 255 },
    '[-1, 1]': { mean: [0.5], std: [0.5], maxPixelValue: 255 },
  },
  checkShape(params, input) {
    for (const key of ['mean', 'std'] as const) {
      const n = params[key].length;
      if (n !== 1 && n !== input.channels) {
        return `${key} has ${n} values but the image has ${input.channels} channel${input.channels === 1 ? '' : 's'} here: give 1 value or ${input.channels}`;
      }
    }
    return null;
  },
  valueBound(params, bound) {
    let out = 0;
    const n = Math.max(params.mean.length, params.std.length);
    for (let c = 0; c < n; c++) {
      const mean = params.mean[params.mean.length === 1 ? 0 : c]!;
      const std = params.std[params.std.length === 1 ? 0 : c]!;
      out = Math.max(out, bound / (params.maxPixelValue * std) + Math.abs(mean / std));
    }
    return out;
  },
  draw: (_rng, params) => ({ mean: params.mean, std: params.std, maxPixelValue: params.maxPixelValue }),
  impl: {
    kind: 'pointwise',
    needsStats: false,
    map: (args, channels) => {
      const { scale, offset } = normalizeAffine(args, channels);
      return (v, c) => v * scale[c]! + offset[c]!;
    },
    affine: normalizeAffine,
  },
});
