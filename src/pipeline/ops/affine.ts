// Random translation, scale and shear about the image centre, as one affine map.

import { invert, type Affine } from '../kernels/geometry.js';
import { logUniform } from '../rng.js';
import { defineOp } from '../op.js';
import { range } from '../params.js';
import { borderParam, fillParam, interpolationParam, sampling } from './common.js';

export const affine = defineOp({
  name: 'affine',
  label: 'Affine',
  description: 'Shifts, scales and shears the image by random amounts',
  stage: 'augment',
  category: 'geometry',
  defaultP: 0.5,
  appliesToMask: true,
  domain: 'any',
  params: {
    translateX: range({ default: [-0.1, 0.1], min: -1, max: 1, step: 0.01, unit: '× width', description: 'Horizontal shift as a fraction of the width' }),
    translateY: range({ default: [-0.1, 0.1], min: -1, max: 1, step: 0.01, unit: '× height', description: 'Vertical shift as a fraction of the height' }),
    scale: range({ default: [0.9, 1.1], min: 0.1, max: 10, step: 0.01, unit: '×', description: 'Zoom factor (drawn log-uniformly, so 0.5 and 2 are equally likely)' }),
    shearDegrees: range({ default: [-10, 10], min: -60, max: 60, step: 1, unit: 'degrees', description: 'Horizontal shear angle' }),
    interpolation: interpolationParam,
    border: borderParam,
    fill: fillParam,
  },
  draw(rng, params, input) {
    return {
      translateXPx: rng.uniform(params.translateX[0], params.translateX[1]) * input.width,
      translateYPx: rng.uniform(params.translateY[0], params.translateY[1]) * input.height,
      scale: logUniform(rng, params.scale[0], params.scale[1]),
      shearDegrees: rng.uniform(params.shearDegrees[0], params.shearDegrees[1]),
      interpolation: params.interpolation,
      border: params.border,
      fill: params.fill,
    };
  },
  impl: {
    kind: 'geometric',
    transform(args, input) {
      const cx = input.width / 2;
      const cy = input.height / 2;
      const s = args.scale;
      const shear = Math.tan((args.shearDegrees * Math.PI) / 180);
      // Forward: output = centre + t + s * [[1, shear], [0, 1]] (input - centre).
      const a = s;
      const b = s * shear;
      const d = 0;
      const e = s;
      const forward: Affine = [a, b, cx + args.translateXPx - a * cx - b * cy, d, e, cy + args.translateYPx - d * cx - e * cy];
      return {
        matrix: invert(forward),
        width: input.width,
        height: input.height,
        sampling: sampling(args.interpolation, args.border, args.fill),
      };
    },
  },
});
