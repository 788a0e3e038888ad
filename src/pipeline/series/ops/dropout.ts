// Dropout: drop random time steps (all channels) and fill them by a stated rule (tsaug Dropout:
// p 0.05, size 1, forward fill).

import { choice, range } from '../../params.js';
import { defineSeriesOp } from '../op.js';

export const dropout = defineSeriesOp({
  name: 'dropout',
  label: 'Dropout',
  description: 'Drops random time steps and fills them in',
  source: 'tsaug Dropout (p 0.05, size 1, fill ffill)',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    rate: range({ default: [0.05, 0.05], min: 0, max: 1, step: 0.01, description: 'Fraction of the time steps dropped' }),
    fill: choice({ options: ['previous', 'zero', 'mean'] as const, default: 'previous', description: "Previous: the last kept value (the first kept one at the start); zero; mean: the channel's mean" }),
  },
  draw: (rng, params, input) => {
    const rate = rng.uniform(params.rate[0], params.rate[1]);
    const steps: number[] = [];
    if (rate > 0) for (let t = 0; t < input.length; t++) if (rng.next() < rate) steps.push(t);
    return { steps, fill: params.fill };
  },
  apply: (args, s) => {
    if (args.steps.length === 0) return s;
    const { length: L, channels: C, data } = s;
    const out = data.slice();
    const dropped = new Uint8Array(L);
    for (const t of args.steps) dropped[t] = 1;
    for (let c = 0; c < C; c++) {
      let fill = 0;
      if (args.fill === 'mean') {
        let sum = 0;
        for (let t = 0; t < L; t++) sum += data[t * C + c]!;
        fill = sum / L;
      } else if (args.fill === 'previous') {
        let first = 0;
        while (first < L && dropped[first]) first++;
        fill = first < L ? data[first * C + c]! : 0;
      }
      for (let t = 0; t < L; t++) {
        if (dropped[t]) out[t * C + c] = fill;
        else if (args.fill === 'previous') fill = data[t * C + c]!;
      }
    }
    return { length: L, channels: C, data: out };
  },
});
