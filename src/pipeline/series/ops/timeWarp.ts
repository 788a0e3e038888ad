// Time warp: a smooth random speed curve through knots drawn from N(1, sigma), integrated into a
// time map (Um et al. 2017: sigma 0.2, 4 knots). One map for all channels: a sensor's channels
// share one clock.

import { num, range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { knotPositions, normal, resampleAt, splineCurve } from '../series.js';

/** Slowest speed kept: a curve through very low knots must not stop or reverse time. */
const MIN_SPEED = 1e-3;

export const timeWarp = defineSeriesOp({
  name: 'timeWarp',
  label: 'Time warp',
  description: 'Speeds up and slows down time smoothly',
  source: 'Um et al. 2017 (sigma 0.2, 4 knots); Iwana & Uchida 2021',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    sigma: range({ default: [0.2, 0.2], min: 0, max: 1, step: 0.01, description: 'Standard deviation of the speed around 1 at its knots' }),
    knots: num({ default: 4, min: 1, max: 64, integer: true, description: 'Interior knots of the speed curve' }),
  },
  draw: (rng, params) => {
    const sigma = rng.uniform(params.sigma[0], params.sigma[1]);
    return { knots: params.knots, speeds: Array.from({ length: params.knots + 2 }, () => 1 + sigma * normal(rng)) };
  },
  apply: (args, s) => {
    const L = s.length;
    if (L < 2 || args.speeds.every((v) => v === 1)) return s;
    const speed = splineCurve(knotPositions(L, args.knots), Float64Array.from(args.speeds), L);
    // The clock: speed integrated by trapezoids from 0, scaled so the last step lands on the last
    // step (as Um et al.; their cumsum starts one step in, which shifts even a constant speed).
    const cum = new Float64Array(L);
    let acc = 0;
    for (let t = 1; t < L; t++) {
      acc += (Math.max(speed[t - 1]!, MIN_SPEED) + Math.max(speed[t]!, MIN_SPEED)) / 2;
      cum[t] = acc;
    }
    const scale = (L - 1) / acc;
    for (let t = 0; t < L; t++) cum[t]! *= scale;
    // Output step t reads the input where the warped clock shows t: np.interp(t, cum, arange(L)).
    const pos = new Float64Array(L);
    let k = 0;
    for (let t = 0; t < L; t++) {
      if (t <= cum[0]!) {
        pos[t] = 0;
        continue;
      }
      while (k < L - 2 && cum[k + 1]! < t) k++;
      const span = cum[k + 1]! - cum[k]!;
      pos[t] = t >= cum[L - 1]! ? L - 1 : k + (span > 0 ? (t - cum[k]!) / span : 0);
    }
    return resampleAt(s, pos);
  },
});
