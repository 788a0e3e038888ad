// Set a random fraction of pixels to white (salt) or black (pepper).

import { allocLike } from '../image.js';
import { defineOp } from '../op.js';
import { num, range } from '../params.js';
import { Rng } from '../rng.js';

export const saltAndPepper = defineOp({
  name: 'saltAndPepper',
  label: 'Salt and pepper',
  description: 'Turns random pixels white or black',
  stage: 'augment',
  category: 'noise-blur',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: {
    amount: range({ default: [0.01, 0.05], min: 0, max: 1, step: 0.005, unit: '× pixels', description: 'Fraction of pixels changed' }),
    saltRatio: num({ default: 0.5, min: 0, max: 1, step: 0.05, description: 'Share of the changed pixels that turn white' }),
  },
  draw: (rng, params) => ({ amount: rng.uniform(params.amount[0], params.amount[1]), saltRatio: params.saltRatio, seed: rng.nextUint32() }),
  impl: {
    kind: 'image',
    apply(args, image) {
      if (args.amount === 0) return image;
      const out = allocLike(image, image.width, image.height, image.channels);
      out.data.set(image.data);
      const rng = new Rng(args.seed);
      const C = image.channels;
      const n = image.width * image.height;
      const o = out.data;
      for (let i = 0; i < n; i++) {
        if (rng.next() >= args.amount) continue;
        const v = rng.next() < args.saltRatio ? 255 : 0;
        for (let k = 0; k < C; k++) o[i * C + k] = v;
      }
      return out;
    },
  },
});
