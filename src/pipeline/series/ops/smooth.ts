// Smooth: a centred moving average (the window shrinks at the ends, so the level is kept there).

import { num } from '../../params.js';
import { defineSeriesOp } from '../op.js';

export const smooth = defineSeriesOp({
  name: 'smooth',
  label: 'Smooth',
  description: 'Averages each value with its neighbours (moving window)',
  source: 'moving average, as pandas rolling(center=True, min_periods=1).mean()',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    window: num({ default: 5, min: 1, max: 255, integer: true, unit: 'steps', description: 'Steps averaged (odd; an even size takes one more on the right)' }),
  },
  draw: (_rng, params) => ({ window: params.window }),
  apply: (args, s) => {
    if (args.window <= 1) return s;
    const { length: L, channels: C, data } = s;
    const left = Math.floor((args.window - 1) / 2);
    const right = args.window - 1 - left;
    const out = new Float32Array(data.length);
    for (let c = 0; c < C; c++) {
      for (let t = 0; t < L; t++) {
        const from = Math.max(0, t - left);
        const to = Math.min(L - 1, t + right);
        let sum = 0;
        for (let u = from; u <= to; u++) sum += data[u * C + c]!;
        out[t * C + c] = sum / (to - from + 1);
      }
    }
    return { length: L, channels: C, data: out };
  },
});
