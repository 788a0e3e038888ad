// Window warp: speed up or slow down one random window, then bring the series back to its length
// (Le Guennec et al. 2016; Iwana & Uchida 2021: window ratio 0.1, scales 0.5 or 2).

import { range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { linearPositions, resampleAt } from '../series.js';

export const windowWarp = defineSeriesOp({
  name: 'windowWarp',
  label: 'Window warp',
  description: 'Stretches or squeezes one window of time',
  source: 'Iwana & Uchida 2021 (window ratio 0.1, scales [0.5, 2])',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    windowRatio: range({ default: [0.1, 0.1], min: 0, max: 1, step: 0.01, description: 'Length of the window as a fraction of the series' }),
    scales: range({ default: [0.5, 2], min: 0.1, max: 10, step: 0.1, description: 'The window is stretched by the low or the high factor (either, at random)' }),
  },
  draw: (rng, params, input) => {
    const ratio = rng.uniform(params.windowRatio[0], params.windowRatio[1]);
    const size = Math.min(input.length, Math.ceil(ratio * input.length));
    const scale = rng.chance(0.5) ? params.scales[0] : params.scales[1];
    return { start: rng.int(0, input.length - size), size, scale };
  },
  apply: (args, s) => {
    const L = s.length;
    const warped = Math.max(1, Math.round(args.size * args.scale));
    if (args.size < 2 || warped === args.size || L < 2) return s;
    // Positions of the warped sequence in the input: before, the window resampled, after.
    const total = L - args.size + warped;
    const pos = new Float64Array(total);
    for (let t = 0; t < args.start; t++) pos[t] = t;
    pos.set(linearPositions(args.start, args.start + args.size - 1, warped), args.start);
    for (let t = args.start + args.size; t < L; t++) pos[t - args.size + warped] = t;
    const mid = resampleAt(s, pos);
    return resampleAt(mid, linearPositions(0, total - 1, L));
  },
});
