// Magnitude warp: multiply each channel by a smooth random curve through knots drawn from
// N(1, sigma) (Um et al. 2017: sigma 0.2, 4 knots; a cubic spline through them).

import { num, range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { knotPositions, normal, splineCurve } from '../series.js';

export const magnitudeWarp = defineSeriesOp({
  name: 'magnitudeWarp',
  label: 'Magnitude warp',
  description: 'Multiplies each channel by a smooth random curve near 1',
  source: 'Um et al. 2017 (sigma 0.2, 4 knots); Iwana & Uchida 2021',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    sigma: range({ default: [0.2, 0.2], min: 0, max: 2, step: 0.01, description: 'Standard deviation of the curve around 1 at its knots' }),
    knots: num({ default: 4, min: 1, max: 64, integer: true, description: 'Interior knots of the curve (more: faster changes)' }),
  },
  draw: (rng, params, input) => {
    const sigma = rng.uniform(params.sigma[0], params.sigma[1]);
    const values: number[][] = [];
    for (let c = 0; c < input.channels; c++) values.push(Array.from({ length: params.knots + 2 }, () => 1 + sigma * normal(rng)));
    return { knots: params.knots, values };
  },
  apply: (args, s) => {
    if (args.values.every((v) => v.every((k) => k === 1))) return s;
    const { length: L, channels: C, data } = s;
    const xs = knotPositions(L, args.knots);
    const out = new Float32Array(data.length);
    for (let c = 0; c < C; c++) {
      const curve = L > 1 ? splineCurve(xs, Float64Array.from(args.values[c]!), L) : Float64Array.of(args.values[c]![0]!);
      for (let t = 0; t < L; t++) out[t * C + c] = data[t * C + c]! * curve[t]!;
    }
    return { length: L, channels: C, data: out };
  },
});
