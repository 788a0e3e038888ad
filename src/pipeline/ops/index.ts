// The one explicit list of ops. Adding an op: write its file, add it here.

import type { AnyOp } from '../op.js';
import { registerOp } from '../registry.js';
import { affine } from './affine.js';
import { augMix } from './augMix.js';
import { autoAugment } from './autoAugment.js';
import { autoContrast } from './autoContrast.js';
import { brightness } from './brightness.js';
import { centerCrop } from './centerCrop.js';
import { contrast } from './contrast.js';
import { cutout } from './cutout.js';
import { equalize } from './equalize.js';
import { flip } from './flip.js';
import { gamma } from './gamma.js';
import { gaussianBlur } from './gaussianBlur.js';
import { gaussianNoise } from './gaussianNoise.js';
import { grayscale } from './grayscale.js';
import { hue } from './hue.js';
import { invert } from './invert.js';
import { normalize } from './normalize.js';
import { posterize } from './posterize.js';
import { randAugment } from './randAugment.js';
import { randomCrop } from './randomCrop.js';
import { randomResizedCrop } from './randomResizedCrop.js';
import { rescale } from './rescale.js';
import { resize } from './resize.js';
import { rotate } from './rotate.js';
import { saltAndPepper } from './saltAndPepper.js';
import { saturation } from './saturation.js';
import { sharpen } from './sharpen.js';
import { shear } from './shear.js';
import { solarize } from './solarize.js';
import { standardize } from './standardize.js';
import { toGrayscale } from './toGrayscale.js';
import { trivialAugmentWide } from './trivialAugmentWide.js';

// Each op is typed with its own params and args; the registry stores them type-erased.
export const ALL_OPS = [
  resize, centerCrop, toGrayscale, rescale, normalize, standardize,
  flip, rotate, affine, randomResizedCrop, randomCrop,
  brightness, contrast, saturation, hue, gamma, grayscale, invert, solarize, posterize,
  gaussianBlur, sharpen, gaussianNoise, saltAndPepper,
  cutout,
  // Not in the Python port (yet): python/augplay refuses them by name.
  shear, autoContrast, equalize, randAugment, trivialAugmentWide, autoAugment, augMix,
] as unknown as readonly AnyOp[];

for (const op of ALL_OPS) registerOp(op);
