// Add Gaussian noise with a random standard deviation, given in [0, 1] units of the pixel range.

import { defineOp } from '../op.js';
import { bool, range } from '../params.js';

/** Pixel values span 0..255: a std of 0.03 in [0, 1] units is 7.65 pixel levels. */
const PIXEL_RANGE = 255;

export const gaussianNoise = defineOp({
  name: 'gaussianNoise',
  label: 'Gaussian noise',
  description: 'Adds random grain to every pixel',
  stage: 'augment',
  category: 'noise-blur',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: {
    std: range({ default: [0.01, 0.05], min: 0, max: 1, step: 0.005, unit: '× pixel range', description: 'Standard deviation of the noise, as a fraction of the 0-255 range' }),
    perChannel: bool({ default: true, description: 'Independent noise per colour channel (off: the same grain on R, G and B)' }),
  },
  draw: (rng, params) => ({ std: rng.uniform(params.std[0], params.std[1]), perChannel: params.perChannel, seed: rng.nextUint32() }),
  impl: {
    kind: 'noise',
    noise: (args) => ({ sigma: args.std * PIXEL_RANGE, seed: args.seed, perChannel: args.perChannel }),
  },
});
