// Augment: randomly make a colour image grey, keeping its channel count.

import { defineOp } from '../op.js';
import { toGrey } from '../kernels/colour.js';

export const grayscale = defineOp({
  name: 'grayscale',
  label: 'Greyscale',
  description: 'Removes the colour, keeping the number of channels',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.1,
  appliesToMask: false,
  domain: 'pixel',
  params: {},
  draw: () => ({}),
  impl: { kind: 'image', apply: (_args, image) => (image.channels < 3 ? image : toGrey(image, image.channels)) },
});
