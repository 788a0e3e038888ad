// Preprocess: convert to one grey channel (or three identical ones), for models that take grey input.

import { defineOp } from '../op.js';
import { bool } from '../params.js';
import { toGrey } from '../kernels/colour.js';

export const toGrayscale = defineOp({
  name: 'toGrayscale',
  label: 'To greyscale',
  description: 'Converts the image to grey, for models that take one channel',
  stage: 'preprocess',
  category: 'resize-normalise',
  defaultP: 1,
  appliesToMask: false,
  domain: 'any',
  params: { keepThreeChannels: bool({ default: false, description: 'Keep three identical channels instead of one' }) },
  outputShape: (params, input) => ({ width: input.width, height: input.height, channels: params.keepThreeChannels ? 3 : 1 }),
  draw: (_rng, params) => ({ keepThreeChannels: params.keepThreeChannels }),
  impl: { kind: 'image', apply: (args, image) => toGrey(image, args.keepThreeChannels ? 3 : 1) },
});
