// Keep only the top bits of each value (PIL ImageOps.posterize).

import { defineOp } from '../op.js';
import { range } from '../params.js';

export const posterize = defineOp({
  name: 'posterize',
  label: 'Posterize',
  description: 'Reduces the number of colour levels',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { bits: range({ default: [4, 8], min: 1, max: 8, step: 1, integer: true, unit: 'bits', description: 'Bits kept per channel; 8 changes nothing' }) },
  draw: (rng, params) => ({ bits: rng.int(params.bits[0], params.bits[1]) }),
  impl: {
    kind: 'pointwise',
    needsStats: false,
    map: (args) => {
      const mask = (0xff << (8 - args.bits)) & 0xff;
      return (v) => Math.round(Math.min(255, Math.max(0, v))) & mask;
    },
  },
});
