// Reverse: play the series backwards (time flip).

import { defineSeriesOp } from '../op.js';

export const reverse = defineSeriesOp({
  name: 'reverse',
  label: 'Reverse',
  description: 'Plays the series backwards',
  source: 'tsaug Reverse',
  stage: 'augment',
  defaultP: 0.5,
  params: {},
  draw: () => ({}),
  apply: (_args, s) => {
    const { length: L, channels: C, data } = s;
    const out = new Float32Array(data.length);
    for (let t = 0; t < L; t++) out.set(data.subarray(t * C, t * C + C), (L - 1 - t) * C);
    return { length: L, channels: C, data: out };
  },
});
