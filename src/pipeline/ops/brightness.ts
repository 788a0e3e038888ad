// Multiply every value by a random factor (torchvision adjust_brightness).

import { defineOp } from '../op.js';
import { factorRange } from './colour.js';

export const brightness = defineOp({
  name: 'brightness',
  label: 'Brightness',
  description: 'Makes the image darker or brighter by a random factor',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { factor: factorRange('Brightness factor: 1 keeps the image, 0 makes it black') },
  draw: (rng, params) => ({ factor: rng.uniform(params.factor[0], params.factor[1]) }),
  impl: {
    kind: 'pointwise',
    needsStats: false,
    map: (args) => {
      const f = args.factor;
      return (v) => v * f;
    },
  },
});
