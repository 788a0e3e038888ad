// AugMix (Hendrycks et al. 2020, torchvision.transforms.AugMix): `mixtureWidth` chains of 1-3 ops
// (or `chainDepth`) drawn from the AugMix space at a level below `severity`, each run on the image;
// the result is m·image + (1 - m)·Σ wₖ·chainₖ with m ~ Beta(alpha, alpha) and w ~ Dirichlet(alpha).
// Every draw (weights, chains, ops, levels, signs) is made first, in torchvision's order; the blend
// is one accumulation (pipeline/mix.ts).

import type { Shape } from '../image.js';
import { defineOp, type DrawContext } from '../op.js';
import { bool, choice, num } from '../params.js';
import { drawDirichlet } from '../dirichlet.js';
import type { Rng } from '../rng.js';
import { fillParam } from './common.js';
import { expandPolicy, POLICY_CALLS, type DrawnOp, type PolicyOp } from './policySpace.js';

/** torchvision's AugMix._PARAMETER_MAX: severities 1..10 index 10 magnitude bins. */
export const AUGMIX_BINS = 10;

interface AugMixEntry {
  /** The value at bin k of AUGMIX_BINS (torchvision's table at index k). */
  value(k: number, shape: Shape): number;
  signed: boolean;
  /** Ops with no magnitude draw no bin (AutoContrast, Equalize). */
  scaled: boolean;
  /** Moves pixels (so it would move a mask). */
  geometric: boolean;
}

const lin = (hi: (s: Shape) => number, geometric: boolean): AugMixEntry => ({ value: (k, s) => (hi(s) * k) / (AUGMIX_BINS - 1), signed: true, scaled: true, geometric });
const fixed = (v: number) => () => v;
const unscaled: AugMixEntry = { value: () => 0, signed: false, scaled: false, geometric: false };

/** torchvision AugMix._augmentation_space(10, (H, W)) with all_ops=False, in its key order. */
export const AUGMIX_SPACE: Readonly<Partial<Record<PolicyOp, AugMixEntry>>> = {
  ShearX: lin(fixed(0.3), true),
  ShearY: lin(fixed(0.3), true),
  TranslateX: lin((s) => s.width / 3, true),
  TranslateY: lin((s) => s.height / 3, true),
  Rotate: lin(fixed(30), true),
  // 4 - round(k / (9 / 4)): 4 bits at the lowest severity down to 0 bits (black) at the highest.
  Posterize: { value: (k) => 4 - Math.round(k / ((AUGMIX_BINS - 1) / 4)), signed: false, scaled: true, geometric: false },
  Solarize: { value: (k) => 255 - (255 * k) / (AUGMIX_BINS - 1), signed: false, scaled: true, geometric: false },
  AutoContrast: unscaled,
  Equalize: unscaled,
};

/** The ops all_ops=True adds (they overlap ImageNet-C's corruptions, which is why AugMix can leave them out). */
export const AUGMIX_ALL_OPS_EXTRA: Readonly<Partial<Record<PolicyOp, AugMixEntry>>> = {
  Brightness: lin(fixed(0.9), false),
  Color: lin(fixed(0.9), false),
  Contrast: lin(fixed(0.9), false),
  Sharpness: lin(fixed(0.9), false),
};

/** The ops a chain may draw from, in torchvision's order; with a mask, the colour ops only. */
export function augMixOps(allOps: boolean, mask: boolean): PolicyOp[] {
  const space = allOps ? { ...AUGMIX_SPACE, ...AUGMIX_ALL_OPS_EXTRA } : AUGMIX_SPACE;
  return (Object.keys(space) as PolicyOp[]).filter((name) => !mask || !space[name]!.geometric);
}

function entry(name: PolicyOp): AugMixEntry {
  return (AUGMIX_SPACE[name] ?? AUGMIX_ALL_OPS_EXTRA[name])!;
}

export interface AugMixArgs {
  /** Weight of the image itself (m). */
  original: number;
  /** Each chain's weight ((1 - m)·wₖ) and its ops with their values. */
  chains: { weight: number; ops: DrawnOp[] }[];
  interpolation: 'nearest' | 'bilinear';
  fill: number;
}

interface AugMixParams {
  severity: number;
  mixtureWidth: number;
  chainDepth: number;
  alpha: number;
  allOps: boolean;
  interpolation: 'nearest' | 'bilinear';
  fill: number;
}

/** All of AugMix's draws for one image, in torchvision's order: Beta, Dirichlet, then each chain's depth and ops. */
export function drawAugMix(rng: Rng, params: AugMixParams, input: Shape, context: DrawContext): AugMixArgs {
  const base = { interpolation: params.interpolation, fill: params.fill };
  if (params.severity === 0) return { original: 1, chains: [], ...base };
  const [m0, m1] = drawDirichlet(rng, params.alpha, 2) as [number, number];
  const w = drawDirichlet(rng, params.alpha, params.mixtureWidth);
  const names = augMixOps(params.allOps, context.mask);
  const chains = w.map((wk) => {
    const depth = params.chainDepth > 0 ? params.chainDepth : rng.int(1, 3);
    const ops: DrawnOp[] = [];
    for (let d = 0; d < depth; d++) {
      const name = rng.pick(names);
      const e = entry(name);
      const v = e.scaled ? e.value(rng.int(0, params.severity - 1), input) : 0;
      ops.push({ name, magnitude: (e.signed && rng.chance(0.5) ? -v : v) + 0 });
    }
    return { weight: wk * m1, ops };
  });
  return { original: m0, chains, ...base };
}

export const augMix = defineOp({
  name: 'augMix',
  label: 'AugMix',
  description:
    'Blends the image with several chains of 1-3 random ops applied to it, with random weights (Hendrycks et al. 2020, as torchvision). It may call: ShearX / ShearY (Shear), TranslateX / TranslateY (Affine), Rotate, Posterize, Solarize, AutoContrast (Auto contrast), Equalize; with all ops also Brightness, Color (Saturation), Contrast, Sharpness (Sharpen). When a mask follows the image it calls only the colour ops (no Shear, Translate, Rotate), so the mask stays where it is.',
  stage: 'augment',
  category: 'policy',
  defaultP: 1,
  // A blend of differently moved images has no single mask: with a mask, the chains keep to colour ops.
  appliesToMask: false,
  domain: 'pixel',
  params: {
    severity: num({ default: 3, min: 0, max: 10, step: 1, integer: true, unit: 'of 10', description: 'Strength of the ops: each draws its level below this (torchvision: 1-10); 0 keeps the image' }),
    mixtureWidth: num({ default: 3, min: 1, max: 10, step: 1, integer: true, unit: 'chains', description: 'How many chains are blended with the image' }),
    chainDepth: num({ default: -1, min: -1, max: 10, step: 1, integer: true, unit: 'ops', description: 'Ops in each chain; -1 (or 0): 1 to 3 at random, per chain' }),
    alpha: num({ default: 1, min: 0.01, max: 10, step: 0.05, description: 'Concentration of the Dirichlet chain weights and of the Beta weight of the image itself (1: uniform)' }),
    allOps: bool({ default: true, description: 'Also use Brightness, Color, Contrast and Sharpness (AugMix leaves them out when testing on ImageNet-C, whose corruptions they overlap)' }),
    interpolation: choice({ options: ['nearest', 'bilinear'] as const, default: 'bilinear', description: 'How rotated, sheared and shifted images are sampled (torchvision AugMix uses bilinear)' }),
    fill: fillParam,
  },
  draw: drawAugMix,
  impl: {
    kind: 'mix',
    calls: POLICY_CALLS,
    mix: (args: AugMixArgs) => ({
      original: args.original,
      chains: args.chains.map((c) => ({ weight: c.weight, calls: expandPolicy({ ops: c.ops, interpolation: args.interpolation, fill: args.fill }) })),
    }),
  },
});
