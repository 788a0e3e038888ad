// Turn the colour wheel by a random angle (torchvision adjust_hue, in degrees instead of turns).

import { defineOp } from '../op.js';
import { range } from '../params.js';
import { shiftHue } from '../kernels/colour.js';

export const hue = defineOp({
  name: 'hue',
  label: 'Hue',
  description: 'Shifts all colours around the colour wheel by a random angle',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { degrees: range({ default: [-10, 10], min: -180, max: 180, step: 1, unit: 'degrees', description: 'Hue shift; ±180 reaches the opposite colour' }) },
  draw: (rng, params) => ({ degrees: rng.uniform(params.degrees[0], params.degrees[1]) }),
  impl: { kind: 'image', apply: (args, image) => shiftHue(image, args.degrees) },
});
