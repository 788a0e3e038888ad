// Resize to a fixed size: stretch to it, cover it (scale up and cut the overflow) or fit inside it
// (scale down and pad with the fill value, "letterbox").

import { defineOp } from '../op.js';
import { choice } from '../params.js';
import { fillParam, sampling, sizeParam } from './common.js';

export const resize = defineOp({
  name: 'resize',
  label: 'Resize',
  description: 'Scales the image to a fixed size',
  stage: 'preprocess',
  category: 'resize-normalise',
  defaultP: 1,
  appliesToMask: true,
  domain: 'any',
  params: {
    width: sizeParam('Width'),
    height: sizeParam('Height'),
    fit: choice({
      options: ['stretch', 'cover', 'contain'] as const,
      default: 'stretch',
      description: 'stretch ignores the aspect ratio; cover fills the size and cuts what overflows; contain fits inside and pads',
    }),
    interpolation: choice({
      options: ['area', 'bilinear', 'nearest'] as const,
      default: 'area',
      description: 'area averages the pixels each output pixel covers (best for shrinking); bilinear blends 4; nearest copies 1',
    }),
    fill: fillParam,
  },
  outputShape: (params, input) => ({ width: params.width, height: params.height, channels: input.channels }),
  draw: (_rng, params) => ({ width: params.width, height: params.height, fit: params.fit, interpolation: params.interpolation, fill: params.fill }),
  impl: {
    kind: 'geometric',
    transform(args, input) {
      const sx = input.width / args.width;
      const sy = input.height / args.height;
      let ax = sx;
      let ay = sy;
      if (args.fit === 'cover') ax = ay = Math.min(sx, sy);
      if (args.fit === 'contain') ax = ay = Math.max(sx, sy);
      // Centre the scaled image: input centre maps to output centre.
      return {
        matrix: [ax, 0, (input.width - args.width * ax) / 2, 0, ay, (input.height - args.height * ay) / 2],
        width: args.width,
        height: args.height,
        // stretch and cover never show outside the image: edge taps only smooth the border pixels.
        sampling: sampling(args.interpolation, args.fit === 'contain' ? 'constant' : 'edge', args.fill),
      };
    },
  },
});
