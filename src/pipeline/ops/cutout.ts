// Fill random rectangles with a constant (DeVries & Taylor's Cutout; Albumentations CoarseDropout).

import { allocLike } from '../image.js';
import { defineOp } from '../op.js';
import { IGNORE_INDEX } from '../maskBehaviour.js';
import { choice, range } from '../params.js';
import { fillParam } from './common.js';

export const cutout = defineOp({
  name: 'cutout',
  label: 'Cut-out',
  description: 'Blanks out random rectangles so the model cannot rely on one part of the image',
  stage: 'augment',
  category: 'cutout',
  defaultP: 0.5,
  // As its `mask` parameter says: the mask is left as it is, or its holes get the ignore index.
  appliesToMask: true,
  domain: 'pixel',
  params: {
    count: range({ default: [1, 2], min: 0, max: 32, step: 1, integer: true, unit: 'holes', description: 'How many rectangles' }),
    size: range({ default: [0.1, 0.3], min: 0, max: 1, step: 0.01, unit: '× short side', description: 'Side of each rectangle as a fraction of the shorter image side' }),
    fill: { ...fillParam, description: 'Value the rectangles are filled with' },
    mask: choice({
      options: ['leave', 'ignore'] as const,
      default: 'leave',
      description: `What the rectangles do to a segmentation mask: leave it as it is, or mark them with the ignore index ${IGNORE_INDEX} (no loss there)`,
    }),
  },
  draw(rng, params, input) {
    const n = rng.int(params.count[0], params.count[1]);
    const short = Math.min(input.width, input.height);
    const holes: { x: number; y: number; w: number; h: number }[] = [];
    for (let i = 0; i < n; i++) {
      const w = Math.max(1, Math.round(short * rng.uniform(params.size[0], params.size[1])));
      const h = Math.max(1, Math.round(short * rng.uniform(params.size[0], params.size[1])));
      holes.push({ x: rng.int(0, Math.max(0, input.width - w)), y: rng.int(0, Math.max(0, input.height - h)), w, h });
    }
    return { holes, fill: params.fill, maskFill: params.mask === 'ignore' ? IGNORE_INDEX : null };
  },
  impl: {
    kind: 'image',
    apply(args, image) {
      if (args.holes.length === 0) return image;
      const out = allocLike(image, image.width, image.height, image.channels);
      out.data.set(image.data);
      const C = image.channels;
      for (const { x, y, w, h } of args.holes) {
        for (let yy = y; yy < Math.min(image.height, y + h); yy++) {
          out.data.fill(args.fill, (yy * image.width + x) * C, (yy * image.width + Math.min(image.width, x + w)) * C);
        }
      }
      return out;
    },
    applyMask(args, mask, width, height) {
      if (args.maskFill === null || args.holes.length === 0) return mask;
      const out = mask.slice();
      for (const { x, y, w, h } of args.holes) {
        for (let yy = y; yy < Math.min(height, y + h); yy++) out.fill(args.maskFill, yy * width + x, yy * width + Math.min(width, x + w));
      }
      return out;
    },
  },
});
