// TrivialAugment Wide (Müller and Hutter 2021, torchvision.transforms.TrivialAugmentWide): one op
// picked uniformly from the list, at a magnitude drawn uniformly from the 31 levels of the wide ranges.

import { defineOp } from '../op.js';
import { CALLS_TEXT, drawValue, expandPolicy, MAX_LEVEL, POLICY_CALLS, POLICY_OPS, policyFill, policyInterpolation, TRIVIAL_AUGMENT_WIDE_SPACE, type PolicyArgs } from './policySpace.js';

export const trivialAugmentWide = defineOp({
  name: 'trivialAugmentWide',
  label: 'TrivialAugment Wide',
  description: `Applies one op picked at random, at a random strength from the wide ranges (Müller and Hutter 2021, as torchvision). ${CALLS_TEXT}`,
  stage: 'augment',
  category: 'policy',
  defaultP: 1,
  appliesToMask: true,
  domain: 'pixel',
  params: { interpolation: policyInterpolation, fill: policyFill },
  draw(rng, params, input): PolicyArgs {
    const name = rng.pick(POLICY_OPS);
    const m = rng.int(0, MAX_LEVEL);
    return { ops: [{ name, magnitude: drawValue(rng, TRIVIAL_AUGMENT_WIDE_SPACE, name, m, input) }], interpolation: params.interpolation, fill: params.fill };
  },
  impl: { kind: 'policy', calls: POLICY_CALLS, expand: expandPolicy },
});
