// Blend each pixel with its grey level by a random factor (torchvision adjust_saturation).

import { defineOp } from '../op.js';
import { saturate } from '../kernels/colour.js';
import { factorRange } from './colour.js';

export const saturation = defineOp({
  name: 'saturation',
  label: 'Saturation',
  description: 'Makes colours more vivid or more grey by a random factor',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { factor: factorRange('Saturation factor: 1 keeps the image, 0 makes it grey') },
  draw: (rng, params) => ({ factor: rng.uniform(params.factor[0], params.factor[1]) }),
  impl: { kind: 'image', apply: (args, image) => (args.factor === 1 ? image : saturate(image, args.factor)) },
});
