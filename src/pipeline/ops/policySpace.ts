// The augmentation spaces of RandAugment (Cubuk et al. 2019) and TrivialAugment Wide (Müller and
// Hutter 2021), as torchvision's `_augmentation_space` lists them, and how a drawn (op, magnitude)
// becomes a call of one of our ops.

import type { Shape } from '../image.js';
import type { SubCall } from '../op.js';
import { choice } from '../params.js';
import { Rng } from '../rng.js';
import { fillParam } from './common.js';

export const POLICY_OPS = [
  'Identity', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate',
  'Brightness', 'Color', 'Contrast', 'Sharpness', 'Posterize', 'Solarize', 'AutoContrast', 'Equalize',
] as const;
/** The ops of RandAugment and TrivialAugment's spaces. */
export type SpaceOp = (typeof POLICY_OPS)[number];
/** AutoAugment's policies also use Invert. */
export type PolicyOp = SpaceOp | 'Invert';

/** Magnitude bins of torchvision's policies: magnitudes are indexed 0..30. */
export const BINS = 31;
export const MAX_LEVEL = BINS - 1;

interface SpaceEntry {
  /** The value at level m (0..30, fractional levels in between): torchvision's linspace at integer m. */
  value(m: number, shape: Shape): number;
  /** Drawn with a random sign (+/- with equal chance). */
  signed: boolean;
}

const none: SpaceEntry = { value: () => 0, signed: false };
const linear = (hi: (shape: Shape) => number, signed = true, lo = 0): SpaceEntry => ({ value: (m, shape) => lo + ((hi(shape) - lo) * m) / MAX_LEVEL, signed });
const constant = (v: number) => () => v;
const posterizeBits = (levels: number): SpaceEntry => ({ value: (m) => 8 - Math.round(m / (MAX_LEVEL / levels)), signed: false });

export type Space = Readonly<Record<SpaceOp, SpaceEntry>>;

/** torchvision RandAugment._augmentation_space(31, (H, W)). */
export const RAND_AUGMENT_SPACE: Space = {
  Identity: none,
  ShearX: linear(constant(0.3)),
  ShearY: linear(constant(0.3)),
  TranslateX: linear((s) => (150 / 331) * s.width),
  TranslateY: linear((s) => (150 / 331) * s.height),
  Rotate: linear(constant(30)),
  Brightness: linear(constant(0.9)),
  Color: linear(constant(0.9)),
  Contrast: linear(constant(0.9)),
  Sharpness: linear(constant(0.9)),
  Posterize: posterizeBits(4),
  Solarize: linear(constant(0), false, 255),
  AutoContrast: none,
  Equalize: none,
};

/** torchvision TrivialAugmentWide._augmentation_space(31). */
export const TRIVIAL_AUGMENT_WIDE_SPACE: Space = {
  Identity: none,
  ShearX: linear(constant(0.99)),
  ShearY: linear(constant(0.99)),
  TranslateX: linear(constant(32)),
  TranslateY: linear(constant(32)),
  Rotate: linear(constant(135)),
  Brightness: linear(constant(0.99)),
  Color: linear(constant(0.99)),
  Contrast: linear(constant(0.99)),
  Sharpness: linear(constant(0.99)),
  Posterize: posterizeBits(6),
  Solarize: linear(constant(0), false, 255),
  AutoContrast: none,
  Equalize: none,
};

/** Ops with no magnitude: their value is always 0 and is not shown. */
export const UNSCALED: ReadonlySet<PolicyOp> = new Set(['Identity', 'AutoContrast', 'Equalize', 'Invert']);

export interface DrawnOp {
  name: PolicyOp;
  /** The op's value: shear factor, pixels, degrees, factor - 1, bits or threshold (0 for unscaled ops). */
  magnitude: number;
}

export interface PolicyArgs {
  ops: DrawnOp[];
  interpolation: 'nearest' | 'bilinear';
  fill: number;
}

/** One op's value at level m (0..30), before its sign. */
export function levelValue(space: Space, name: PolicyOp, m: number, shape: Shape): number {
  return UNSCALED.has(name) ? 0 : space[name as SpaceOp].value(m, shape);
}

/** True for ops drawn with a random sign. */
export function isSigned(space: Space, name: PolicyOp): boolean {
  return !UNSCALED.has(name) && space[name as SpaceOp].signed;
}

/** Draws one op's value at level m, with its random sign, as torchvision does. */
export function drawValue(rng: Rng, space: Space, name: PolicyOp, m: number, shape: Shape): number {
  const v = levelValue(space, name, m, shape);
  return isSigned(space, name) && rng.chance(0.5) ? -v : v;
}

export const policyInterpolation = choice({
  options: ['nearest', 'bilinear'] as const,
  default: 'nearest',
  description: 'How rotated, sheared and shifted images are sampled (torchvision uses nearest)',
});
export const policyFill = fillParam;

/** The registered ops a policy may call. */
export const POLICY_CALLS = ['shear', 'affine', 'rotate', 'brightness', 'saturation', 'contrast', 'sharpen', 'posterize', 'solarize', 'autoContrast', 'equalize'] as const;

/** What each policy op runs, in the description's words. */
export const CALLS_TEXT = 'It may call: Identity, ShearX / ShearY (Shear), TranslateX / TranslateY (Affine), Rotate, Brightness, Color (Saturation), Contrast, Sharpness (Sharpen), Posterize, Solarize, AutoContrast (Auto contrast), Equalize.';

/** The calls of our ops that the drawn policy ops stand for (Identity calls nothing). */
export function expandPolicy(args: PolicyArgs): SubCall[] {
  const geo = { interpolation: args.interpolation, border: 'constant', fill: args.fill };
  const calls: SubCall[] = [];
  for (const { name, magnitude: v } of args.ops) {
    switch (name) {
      case 'Identity':
        break;
      case 'ShearX':
      case 'ShearY':
        calls.push({ op: 'shear', args: { axis: name === 'ShearX' ? 'x' : 'y', factor: v, ...geo } });
        break;
      case 'TranslateX':
      case 'TranslateY': {
        // torchvision shifts by int(magnitude) pixels.
        const px = Math.trunc(v) + 0;
        calls.push({ op: 'affine', args: { translateXPx: name === 'TranslateX' ? px : 0, translateYPx: name === 'TranslateY' ? px : 0, scale: 1, shearDegrees: 0, ...geo } });
        break;
      }
      case 'Rotate':
        calls.push({ op: 'rotate', args: { degrees: v, ...geo } });
        break;
      case 'Brightness':
        calls.push({ op: 'brightness', args: { factor: 1 + v } });
        break;
      case 'Color':
        calls.push({ op: 'saturation', args: { factor: 1 + v } });
        break;
      case 'Contrast':
        calls.push({ op: 'contrast', args: { factor: 1 + v } });
        break;
      case 'Sharpness':
        // PIL's sharpness factor f blends the smoothed image with the image: image + (f - 1) * detail.
        calls.push({ op: 'sharpen', args: { amount: v } });
        break;
      case 'Posterize':
        calls.push({ op: 'posterize', args: { bits: v } });
        break;
      case 'Solarize':
        calls.push({ op: 'solarize', args: { threshold: v } });
        break;
      case 'AutoContrast':
        calls.push({ op: 'autoContrast', args: {} });
        break;
      case 'Equalize':
        calls.push({ op: 'equalize', args: {} });
        break;
      case 'Invert':
        calls.push({ op: 'invert', args: {} });
        break;
    }
  }
  return calls;
}
