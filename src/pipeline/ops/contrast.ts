// Scale the distance of every value from the image's mean luma (torchvision adjust_contrast).

import { defineOp } from '../op.js';
import { factorRange } from './colour.js';

export const contrast = defineOp({
  name: 'contrast',
  label: 'Contrast',
  description: 'Raises or lowers contrast around the mean brightness by a random factor',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { factor: factorRange('Contrast factor: 1 keeps the image, 0 makes it flat grey') },
  draw: (rng, params) => ({ factor: rng.uniform(params.factor[0], params.factor[1]) }),
  impl: {
    kind: 'pointwise',
    needsStats: true,
    map: (args, _channels, stats) => {
      const f = args.factor;
      const m = stats?.lumaMean ?? 0;
      return (v) => (v - m) * f + m;
    },
  },
});
