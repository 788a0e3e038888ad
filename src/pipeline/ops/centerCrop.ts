// Keep the centre of the image at a fixed size (padding with the fill value if the image is smaller).

import { defineOp } from '../op.js';
import { fillParam, sampling, sizeParam } from './common.js';

export const centerCrop = defineOp({
  name: 'centerCrop',
  label: 'Centre crop',
  description: 'Keeps the middle of the image at a fixed size',
  stage: 'preprocess',
  category: 'resize-normalise',
  defaultP: 1,
  appliesToMask: true,
  domain: 'any',
  params: { width: sizeParam('Width', 56), height: sizeParam('Height', 56), fill: fillParam },
  outputShape: (params, input) => ({ width: params.width, height: params.height, channels: input.channels }),
  draw: (_rng, params) => ({ width: params.width, height: params.height, fill: params.fill }),
  impl: {
    kind: 'geometric',
    transform(args, input) {
      // Whole-pixel offsets (rounded as torchvision does) keep the crop exact.
      const x = Math.round((input.width - args.width) / 2);
      const y = Math.round((input.height - args.height) / 2);
      return { matrix: [1, 0, x, 0, 1, y], width: args.width, height: args.height, sampling: sampling('nearest', 'constant', args.fill), exact: true };
    },
  },
});
