// Mirror the image left-right and/or top-bottom: an exact permutation of pixels.

import { defineOp } from '../op.js';
import { choice } from '../params.js';

export const flip = defineOp({
  name: 'flip',
  label: 'Flip',
  description: 'Mirrors the image left-right or top-bottom',
  stage: 'augment',
  category: 'geometry',
  defaultP: 0.5,
  appliesToMask: true,
  domain: 'any',
  params: {
    direction: choice({
      options: ['horizontal', 'vertical', 'either'] as const,
      default: 'horizontal',
      description: 'Horizontal mirrors left-right, vertical top-bottom, either picks one of the two at random',
    }),
  },
  draw(rng, params) {
    const horizontal = params.direction === 'horizontal' || (params.direction === 'either' && rng.chance(0.5));
    return { horizontal, vertical: !horizontal };
  },
  impl: {
    kind: 'geometric',
    transform(args, input) {
      const a = args.horizontal ? -1 : 1;
      const e = args.vertical ? -1 : 1;
      return {
        matrix: [a, 0, args.horizontal ? input.width : 0, 0, e, args.vertical ? input.height : 0],
        width: input.width,
        height: input.height,
        sampling: null,
      };
    },
  },
});
