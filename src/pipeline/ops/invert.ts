// Negative image: 255 - v.

import { defineOp } from '../op.js';

export const invert = defineOp({
  name: 'invert',
  label: 'Invert',
  description: 'Turns the image into its negative',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: {},
  draw: () => ({}),
  impl: { kind: 'pointwise', needsStats: false, map: () => (v) => 255 - v },
});
