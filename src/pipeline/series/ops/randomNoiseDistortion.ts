// Random noise distortion: an alias preset of jitter then scaling in one step (the issue's
// "randomNoiseDistortion"), with Um et al. 2017's / Iwana & Uchida 2021's defaults (noise sigma
// 0.03, scaling sigma 0.1). The alias contract: one step, one probability p; when it runs, its
// stream draws exactly what jitter.draw and then scaling.draw would draw, in that order, and the
// output is jitter.apply then scaling.apply with those arguments (the same bytes as the explicit
// steps replayed with the arguments in its trace). It is not two steps: two explicit steps would
// each have their own stream and their own p.

import { range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { jitter } from './jitter.js';
import { scaling } from './scaling.js';

export const randomNoiseDistortion = defineSeriesOp({
  name: 'randomNoiseDistortion',
  label: 'Random noise distortion',
  description: 'Jitter then scaling in one step: Gaussian noise on every value, then each channel multiplied by a factor near 1',
  source: 'Alias of jitter + scaling; Um et al. 2017 (sigma 0.03 and 0.1); Iwana & Uchida 2021',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    noiseSigma: range({ default: [0.03, 0.03], min: 0, max: 5, step: 0.01, description: "Jitter's noise standard deviation (drawn from this range per sample)" }),
    scalingSigma: range({ default: [0.1, 0.1], min: 0, max: 2, step: 0.01, description: "Scaling's standard deviation of the factor around 1" }),
  },
  draw: (rng, params, input) => {
    const noise = jitter.draw(rng, { sigma: params.noiseSigma }, input);
    const scale = scaling.draw(rng, { sigma: params.scalingSigma }, input);
    return { noiseSigma: noise.sigma, seed: noise.seed, factors: scale.factors };
  },
  apply: (args, s) => scaling.apply({ factors: args.factors }, jitter.apply({ sigma: args.noiseSigma, seed: args.seed }, s)),
});
