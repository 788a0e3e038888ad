// Crop a fixed-size window at a random position, optionally after padding the image
// (torchvision's RandomCrop with padding, the CIFAR-10 classic).

import { defineOp } from '../op.js';
import { num } from '../params.js';
import { borderParam, fillParam, sampling, sizeParam } from './common.js';

export const randomCrop = defineOp({
  name: 'randomCrop',
  label: 'Random crop',
  description: 'Cuts a fixed-size window out of the image at a random position',
  stage: 'augment',
  category: 'geometry',
  defaultP: 1,
  appliesToMask: true,
  domain: 'any',
  params: {
    width: sizeParam('Width', 56),
    height: sizeParam('Height', 56),
    padding: num({ default: 0, min: 0, max: 256, step: 1, integer: true, unit: 'px', description: 'Border added on every side before cropping' }),
    border: borderParam,
    fill: fillParam,
  },
  outputShape: (params, input) => ({ width: params.width, height: params.height, channels: input.channels }),
  checkShape(params, input) {
    const pw = input.width + 2 * params.padding;
    const ph = input.height + 2 * params.padding;
    if (params.width > pw || params.height > ph) {
      return `the crop (${params.width}x${params.height} px) is larger than the padded image (${pw}x${ph} px): make it smaller or add padding`;
    }
    return null;
  },
  draw(rng, params, input) {
    const p = params.padding;
    return {
      x: rng.int(0, input.width + 2 * p - params.width) - p,
      y: rng.int(0, input.height + 2 * p - params.height) - p,
      width: params.width,
      height: params.height,
      border: params.border,
      fill: params.fill,
    };
  },
  // At inference: the centre window (of the padded image when the crop is larger than the image),
  // with the same rounding as centerCrop.
  inference: (params, input) => ({
    x: Math.round((input.width - params.width) / 2),
    y: Math.round((input.height - params.height) / 2),
    width: params.width,
    height: params.height,
    border: params.border,
    fill: params.fill,
  }),
  impl: {
    kind: 'geometric',
    transform(args) {
      return {
        matrix: [1, 0, args.x, 0, 1, args.y],
        width: args.width,
        height: args.height,
        sampling: sampling('nearest', args.border, args.fill),
        exact: true,
      };
    },
  },
});
