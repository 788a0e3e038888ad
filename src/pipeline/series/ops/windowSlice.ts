// Window slice: keep a random window of a fraction of the series and stretch it back to the full
// length (Le Guennec et al. 2016; Iwana & Uchida 2021: reduce ratio 0.9).

import { range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { linearPositions, resampleAt } from '../series.js';

export const windowSlice = defineSeriesOp({
  name: 'windowSlice',
  label: 'Window slice',
  description: 'Crops a random window and stretches it back to full length',
  source: 'Iwana & Uchida 2021 (reduce ratio 0.9)',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    ratio: range({ default: [0.9, 0.9], min: 0.05, max: 1, step: 0.01, description: 'Fraction of the series kept' }),
  },
  draw: (rng, params, input) => {
    const ratio = rng.uniform(params.ratio[0], params.ratio[1]);
    const size = Math.max(1, Math.min(input.length, Math.ceil(ratio * input.length)));
    return { start: rng.int(0, input.length - size), size };
  },
  apply: (args, s) => (args.size >= s.length ? s : resampleAt(s, linearPositions(args.start, args.start + args.size - 1, s.length))),
});
