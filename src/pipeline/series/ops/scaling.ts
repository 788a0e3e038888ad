// Scaling: multiply each channel by a factor drawn from N(1, sigma) (Um et al. 2017, sigma 0.1).

import { range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { normal } from '../series.js';

export const scaling = defineSeriesOp({
  name: 'scaling',
  label: 'Scaling',
  description: 'Multiplies each channel by a random factor near 1',
  source: 'Um et al. 2017 (sigma 0.1); Iwana & Uchida 2021',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    sigma: range({ default: [0.1, 0.1], min: 0, max: 2, step: 0.01, description: 'Standard deviation of the factor around 1' }),
  },
  draw: (rng, params, input) => {
    const sigma = rng.uniform(params.sigma[0], params.sigma[1]);
    return { factors: Array.from({ length: input.channels }, () => 1 + sigma * normal(rng)) };
  },
  apply: (args, s) => {
    if (args.factors.every((f) => f === 1)) return s;
    const C = s.channels;
    const out = new Float32Array(s.data.length);
    for (let i = 0; i < out.length; i++) out[i] = s.data[i]! * args.factors[i % C]!;
    return { length: s.length, channels: C, data: out };
  },
});
