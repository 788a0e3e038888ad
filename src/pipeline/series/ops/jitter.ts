// Jitter: add Gaussian noise to every value (Um et al. 2017, sigma 0.03; Iwana & Uchida 2021).

import { range } from '../../params.js';
import { Rng } from '../../rng.js';
import { defineSeriesOp } from '../op.js';
import { normal } from '../series.js';

export const jitter = defineSeriesOp({
  name: 'jitter',
  label: 'Jitter',
  description: 'Adds Gaussian noise to every value',
  source: 'Um et al. 2017 (sigma 0.03); Iwana & Uchida 2021',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    sigma: range({ default: [0.03, 0.03], min: 0, max: 5, step: 0.01, description: 'Standard deviation of the noise (drawn from this range per sample)' }),
  },
  draw: (rng, params) => ({ sigma: rng.uniform(params.sigma[0], params.sigma[1]), seed: rng.nextUint32() }),
  apply: (args, s) => {
    if (args.sigma === 0) return s;
    const rng = new Rng(args.seed);
    const out = new Float32Array(s.data.length);
    for (let i = 0; i < out.length; i++) out[i] = s.data[i]! + args.sigma * normal(rng);
    return { length: s.length, channels: s.channels, data: out };
  },
});
