// Rotate about the image centre by an angle drawn from a range. Positive angles turn the picture
// counter-clockwise, as in torchvision and OpenCV.

import { defineOp } from '../op.js';
import { range } from '../params.js';
import { borderParam, cosSinDegrees, fillParam, interpolationParam, sampling } from './common.js';

export const rotate = defineOp({
  name: 'rotate',
  label: 'Rotate',
  description: 'Turns the image about its centre by a random angle',
  stage: 'augment',
  category: 'geometry',
  defaultP: 0.5,
  appliesToMask: true,
  domain: 'any',
  params: {
    degrees: range({ default: [-15, 15], min: -180, max: 180, step: 1, unit: 'degrees', description: 'Angle range; positive turns counter-clockwise' }),
    interpolation: interpolationParam,
    border: borderParam,
    fill: fillParam,
  },
  draw(rng, params) {
    return { degrees: rng.uniform(params.degrees[0], params.degrees[1]), interpolation: params.interpolation, border: params.border, fill: params.fill };
  },
  impl: {
    kind: 'geometric',
    transform(args, input) {
      const [cos, sin] = cosSinDegrees(args.degrees);
      const cx = input.width / 2;
      const cy = input.height / 2;
      // Inverse map: input = centre + R^T (output - centre), R the counter-clockwise rotation in y-down axes.
      return {
        matrix: [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy],
        width: input.width,
        height: input.height,
        sampling: sampling(args.interpolation, args.border, args.fill),
      };
    },
  },
});
