// out = value * scale + offset, e.g. pixels 0..255 to [0, 1] or [-1, 1] (Keras Rescaling).

import { defineOp } from '../op.js';
import { num } from '../params.js';

export const rescale = defineOp({
  name: 'rescale',
  label: 'Rescale',
  description: 'Maps pixel values to another range, such as [0, 1]',
  stage: 'preprocess',
  category: 'resize-normalise',
  defaultP: 1,
  appliesToMask: false,
  domain: 'any',
  leavesPixelRange: true,
  params: {
    scale: num({ default: 1 / 255, min: -1000, max: 1000, step: 0.0001, unit: '×', description: 'Every value is multiplied by this' }),
    offset: num({ default: 0, min: -1000, max: 1000, step: 0.01, description: 'Then this is added' }),
  },
  presets: {
    '[0, 1]': { scale: 1 / 255, offset: 0 },
    '[-1, 1]': { scale: 2 / 255, offset: -1 },
  },
  valueBound: (params, bound) => bound * Math.abs(params.scale) + Math.abs(params.offset),
  draw: (_rng, params) => ({ scale: params.scale, offset: params.offset }),
  impl: {
    kind: 'pointwise',
    needsStats: false,
    map: (args) => {
      const { scale, offset } = args;
      return (v) => v * scale + offset;
    },
    affine: (args, channels) => ({ scale: new Float64Array(channels).fill(args.scale), offset: new Float64Array(channels).fill(args.offset) }),
  },
});
