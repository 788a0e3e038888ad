// Unsharp masking with a 3x3 smoothing kernel, by a random amount.

import { defineOp } from '../op.js';
import { range } from '../params.js';
import { sharpen as sharpenKernel } from '../kernels/filters.js';

export const sharpen = defineOp({
  name: 'sharpen',
  label: 'Sharpen',
  description: 'Makes edges crisper by a random amount',
  stage: 'augment',
  category: 'noise-blur',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { amount: range({ default: [0.2, 1], min: 0, max: 5, step: 0.05, unit: '×', description: 'How much of the detail to add back; 0 keeps the image' }) },
  draw: (rng, params) => ({ amount: rng.uniform(params.amount[0], params.amount[1]) }),
  impl: { kind: 'image', apply: (args, image) => sharpenKernel(image, args.amount) },
});
