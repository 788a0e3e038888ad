// Gaussian blur with a random sigma; the kernel reaches 3 sigma each side.

import { defineOp } from '../op.js';
import { range } from '../params.js';
import { gaussianBlur as blurKernel } from '../kernels/filters.js';

export const gaussianBlur = defineOp({
  name: 'gaussianBlur',
  label: 'Gaussian blur',
  description: 'Blurs the image by a random amount',
  stage: 'augment',
  category: 'noise-blur',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'any',
  params: { sigma: range({ default: [0.1, 1.5], min: 0, max: 10, step: 0.05, unit: 'px', description: 'Standard deviation of the blur; 0 keeps the image' }) },
  draw: (rng, params) => ({ sigma: rng.uniform(params.sigma[0], params.sigma[1]) }),
  impl: { kind: 'image', apply: (args, image) => blurKernel(image, args.sigma) },
});
