// RandAugment (Cubuk et al. 2019, torchvision.transforms.RandAugment): N ops picked uniformly
// with replacement from the standard list, each at magnitude M of 30 with a random sign;
// optionally the magnitude is drawn around M with a normal spread (timm's magnitude_std).

import { defineOp } from '../op.js';
import { num } from '../params.js';
import { normalQuantile } from '../rng.js';
import { CALLS_TEXT, drawValue, expandPolicy, MAX_LEVEL, POLICY_CALLS, POLICY_OPS, policyFill, policyInterpolation, RAND_AUGMENT_SPACE, type PolicyArgs } from './policySpace.js';

export const randAugment = defineOp({
  name: 'randAugment',
  label: 'RandAugment',
  description: `Applies N ops picked at random from the standard RandAugment list, each at magnitude M of 30 (Cubuk et al. 2019, as torchvision). ${CALLS_TEXT}`,
  stage: 'augment',
  category: 'policy',
  defaultP: 1,
  appliesToMask: true,
  domain: 'pixel',
  params: {
    numOps: num({ default: 2, min: 0, max: 10, step: 1, integer: true, unit: 'ops', description: 'N: how many ops are applied to each image (picked with replacement); 0 keeps the image' }),
    magnitude: num({ default: 9, min: 0, max: MAX_LEVEL, step: 1, unit: 'of 30', description: 'M: the strength of every op on the 0-30 scale of the paper' }),
    magnitudeStd: num({ default: 0, min: 0, max: 10, step: 0.1, unit: 'of 30', description: 'Spread of the magnitude: each op draws it from a normal around M, kept within 0-30 (0: always M)' }),
    interpolation: policyInterpolation,
    fill: policyFill,
  },
  draw(rng, params, input): PolicyArgs {
    const ops = [];
    for (let k = 0; k < params.numOps; k++) {
      const name = rng.pick(POLICY_OPS);
      let m = params.magnitude;
      if (params.magnitudeStd > 0) {
        const u = Math.min(1 - 1e-12, Math.max(1e-12, rng.next()));
        m = Math.min(MAX_LEVEL, Math.max(0, m + params.magnitudeStd * normalQuantile(u)));
      }
      ops.push({ name, magnitude: drawValue(rng, RAND_AUGMENT_SPACE, name, m, input) });
    }
    return { ops, interpolation: params.interpolation, fill: params.fill };
  },
  impl: { kind: 'policy', calls: POLICY_CALLS, expand: expandPolicy },
});
