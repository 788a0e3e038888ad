// Invert the values at or above a threshold (PIL ImageOps.solarize).

import { defineOp } from '../op.js';
import { range } from '../params.js';

export const solarize = defineOp({
  name: 'solarize',
  label: 'Solarize',
  description: 'Inverts the bright parts of the image above a threshold',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: {
    threshold: range({ default: [128, 128], min: 0, max: 256, step: 1, unit: 'pixel value', description: 'Values at or above it are inverted; 256 changes nothing' }),
  },
  draw: (rng, params) => ({ threshold: rng.uniform(params.threshold[0], params.threshold[1]) }),
  impl: {
    kind: 'pointwise',
    needsStats: false,
    map: (args) => {
      const t = args.threshold;
      return (v) => (v >= t ? 255 - v : v);
    },
  },
});
