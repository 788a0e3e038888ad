// Shear along one axis about the image's top-left corner, as AutoAugment's PIL transform and
// torchvision's policies (ShearX, ShearY: affine with center [0, 0]) do.

import { defineOp } from '../op.js';
import { choice, range } from '../params.js';
import { borderParam, fillParam, interpolationParam, sampling } from './common.js';

export const shear = defineOp({
  name: 'shear',
  label: 'Shear',
  description: 'Slants the image along one axis by a random factor, about its top-left corner (the ShearX / ShearY of AutoAugment and RandAugment)',
  stage: 'augment',
  category: 'geometry',
  defaultP: 0.5,
  appliesToMask: true,
  domain: 'any',
  params: {
    axis: choice({ options: ['x', 'y'] as const, default: 'x', description: 'x: rows slide sideways (ShearX); y: columns slide up and down (ShearY)' }),
    factor: range({ default: [-0.3, 0.3], min: -2, max: 2, step: 0.01, unit: '×', description: 'Shear factor: the shift of a row (x) or column (y) per pixel of distance from the corner; 0 keeps the image' }),
    interpolation: interpolationParam,
    border: borderParam,
    fill: fillParam,
  },
  draw(rng, params) {
    return { axis: params.axis, factor: rng.uniform(params.factor[0], params.factor[1]), interpolation: params.interpolation, border: params.border, fill: params.fill };
  },
  impl: {
    kind: 'geometric',
    transform(args, input) {
      // Output to input: x_in = x + factor * y (axis x), as PIL's transform data (1, m, 0, 0, 1, 0).
      const m = args.factor;
      return {
        matrix: args.axis === 'x' ? [1, m, 0, 0, 1, 0] : [1, 0, 0, m, 1, 0],
        width: input.width,
        height: input.height,
        sampling: sampling(args.interpolation, args.border, args.fill),
        exact: m === 0,
      };
    },
  },
});
