// Standardise each channel: (x - mean) / std, with the sample's own statistics or the dataset's.

import { choice, vector } from '../../params.js';
import { defineSeriesOp } from '../op.js';

/** Smallest std divided by: a flat channel gives zeros instead of infinities (as the image op). */
export const SERIES_STD_FLOOR = 1e-8;

export const standardize = defineSeriesOp({
  name: 'standardize',
  label: 'Standardise',
  description: 'Centres each channel on 0 with spread 1 (per sample, or with dataset statistics)',
  source: 'z-normalisation, as the UCR archive',
  stage: 'preprocess',
  defaultP: 1,
  params: {
    statistics: choice({ options: ['perSample', 'dataset'] as const, default: 'perSample', description: "Per sample: each series' own mean and std; dataset: the mean and std given here" }),
    mean: vector({ default: [0], min: -1e6, max: 1e6, lengths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], description: 'Dataset mean per channel (one value: all channels)' }),
    std: vector({ default: [1], min: 0, max: 1e6, exclusiveMin: true, lengths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], description: 'Dataset std per channel (one value: all channels)' }),
  },
  draw: (_rng, params) => ({ statistics: params.statistics, mean: [...params.mean], std: [...params.std] }),
  apply: (args, s) => {
    const { length: L, channels: C, data } = s;
    const out = new Float32Array(data.length);
    for (let c = 0; c < C; c++) {
      let mean: number;
      let std: number;
      if (args.statistics === 'perSample') {
        let sum = 0;
        for (let t = 0; t < L; t++) sum += data[t * C + c]!;
        mean = sum / L;
        let sq = 0;
        for (let t = 0; t < L; t++) {
          const d = data[t * C + c]! - mean;
          sq += d * d;
        }
        std = Math.sqrt(sq / L);
      } else {
        mean = args.mean.length === 1 ? args.mean[0]! : (args.mean[c] ?? 0);
        std = args.std.length === 1 ? args.std[0]! : (args.std[c] ?? 1);
      }
      const inv = 1 / Math.max(std, SERIES_STD_FLOOR);
      for (let t = 0; t < L; t++) out[t * C + c] = (data[t * C + c]! - mean) * inv;
    }
    return { length: L, channels: C, data: out };
  },
});
