// Drift: add a slow random walk to each channel, its largest excursion a fraction of the
// channel's span (tsaug Drift: max drift 0.5, 3 drift points, per channel, normalised).

import { num, range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { normal } from '../series.js';

export const drift = defineSeriesOp({
  name: 'drift',
  label: 'Drift',
  description: "Adds a slow random wander to each channel's level",
  source: 'tsaug Drift (max drift 0.5, 3 drift points)',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    maxDrift: range({ default: [0.5, 0.5], min: 0, max: 5, step: 0.05, description: "Largest drift as a fraction of the channel's span (max - min)" }),
    points: num({ default: 3, min: 1, max: 64, integer: true, description: 'Turning points of the random walk' }),
  },
  draw: (rng, params, input) => {
    const amount = rng.uniform(params.maxDrift[0], params.maxDrift[1]);
    const walks: number[][] = [];
    for (let c = 0; c < input.channels; c++) {
      const walk = [0];
      for (let k = 0; k < params.points; k++) walk.push(walk[k]! + normal(rng));
      walks.push(walk);
    }
    return { amount, walks };
  },
  apply: (args, s) => {
    const { length: L, channels: C, data } = s;
    if (args.amount === 0 || L < 2) return s;
    const out = new Float32Array(data.length);
    for (let c = 0; c < C; c++) {
      const walk = args.walks[c]!;
      let peak = 0;
      for (const v of walk) peak = Math.max(peak, Math.abs(v));
      let lo = Infinity;
      let hi = -Infinity;
      for (let t = 0; t < L; t++) {
        const v = data[t * C + c]!;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const gain = peak > 0 ? (args.amount * (hi - lo)) / peak : 0;
      const segs = walk.length - 1;
      for (let t = 0; t < L; t++) {
        const x = (t * segs) / (L - 1);
        const k = Math.min(segs - 1, Math.floor(x));
        const d = walk[k]! + (walk[k + 1]! - walk[k]!) * (x - k);
        out[t * C + c] = data[t * C + c]! + gain * d;
      }
    }
    return { length: L, channels: C, data: out };
  },
});
