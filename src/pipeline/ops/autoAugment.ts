// AutoAugment (Cubuk et al. 2018, torchvision.transforms.AutoAugment): one of the 25 learned
// sub-policies picked uniformly; each of its two ops runs with its probability at its level of
// 0-9 (the RandAugment ranges cut into 10 bins), with a random sign for signed ops.

import { defineOp } from '../op.js';
import { choice } from '../params.js';
import { AUTO_AUGMENT_POLICIES } from './autoAugmentPolicies.js';
import { expandPolicy, isSigned, levelValue, MAX_LEVEL, POLICY_CALLS, policyFill, policyInterpolation, RAND_AUGMENT_SPACE, type DrawnOp, type PolicyArgs } from './policySpace.js';

/** AutoAugment's magnitudes: 10 bins over the RandAugment ranges (level k of 9 is level k * 30 / 9 of 30). */
export const AUTO_AUGMENT_BINS = 10;

export const autoAugment = defineOp({
  name: 'autoAugment',
  label: 'AutoAugment',
  description:
    'Applies one of the 25 sub-policies learned on ImageNet, CIFAR-10 or SVHN (Cubuk et al. 2018, as torchvision): two ops, each with its own probability and strength. It may call: ShearX / ShearY (Shear), TranslateX / TranslateY (Affine), Rotate, Brightness, Color (Saturation), Contrast, Sharpness (Sharpen), Posterize, Solarize, AutoContrast (Auto contrast), Equalize, Invert.',
  stage: 'augment',
  category: 'policy',
  defaultP: 1,
  appliesToMask: true,
  domain: 'pixel',
  params: {
    policy: choice({ options: ['imagenet', 'cifar10', 'svhn'] as const, default: 'imagenet', description: 'The dataset the policy was learned on' }),
    interpolation: policyInterpolation,
    fill: policyFill,
  },
  draw(rng, params, input): PolicyArgs & { subPolicy: number } {
    const policies = AUTO_AUGMENT_POLICIES[params.policy];
    // As torchvision's get_params: the sub-policy, then two uniforms and two signs, always drawn.
    const subPolicy = rng.int(0, policies.length - 1);
    const probs = [rng.next(), rng.next()];
    const flips = [rng.next() < 0.5, rng.next() < 0.5];
    const ops: DrawnOp[] = [];
    policies[subPolicy]!.forEach(([name, p, level], k) => {
      if (probs[k]! > p) return;
      const v = level === null ? 0 : levelValue(RAND_AUGMENT_SPACE, name, (level * MAX_LEVEL) / (AUTO_AUGMENT_BINS - 1), input);
      // torchvision flips the sign when its sign draw is 0; + 0 keeps -0 out of the trace.
      ops.push({ name, magnitude: (isSigned(RAND_AUGMENT_SPACE, name) && flips[k] ? -v : v) + 0 });
    });
    return { subPolicy, ops, interpolation: params.interpolation, fill: params.fill };
  },
  impl: { kind: 'policy', calls: [...POLICY_CALLS, 'invert'], expand: expandPolicy },
});
