// Scale each channel of a sample to [low, high] from its own minimum and maximum.

import { num } from '../../params.js';
import { defineSeriesOp } from '../op.js';

export const minMax = defineSeriesOp({
  name: 'minMax',
  label: 'Min-max scale',
  description: "Maps each channel's smallest value to low and largest to high",
  source: 'scikit-learn MinMaxScaler, per sample',
  stage: 'preprocess',
  defaultP: 1,
  params: {
    low: num({ default: 0, min: -1e6, max: 1e6, description: 'Value the minimum maps to' }),
    high: num({ default: 1, min: -1e6, max: 1e6, description: 'Value the maximum maps to' }),
  },
  draw: (_rng, params) => ({ low: params.low, high: params.high }),
  apply: (args, s) => {
    const { length: L, channels: C, data } = s;
    const out = new Float32Array(data.length);
    for (let c = 0; c < C; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let t = 0; t < L; t++) {
        const v = data[t * C + c]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // A flat channel maps to the middle of the range.
      const scale = hi > lo ? (args.high - args.low) / (hi - lo) : 0;
      const flat = (args.low + args.high) / 2;
      for (let t = 0; t < L; t++) out[t * C + c] = hi > lo ? args.low + (data[t * C + c]! - lo) * scale : flat;
    }
    return { length: L, channels: C, data: out };
  },
});
