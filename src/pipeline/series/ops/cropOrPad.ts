// Bring every series to one length by cutting steps off or padding them on.

import { choice, num } from '../../params.js';
import { defineSeriesOp } from '../op.js';

export const cropOrPad = defineSeriesOp({
  name: 'cropOrPad',
  label: 'Crop or pad',
  description: 'Cuts longer series and pads shorter ones to a length',
  source: 'tsaug Crop / NumPy pad',
  stage: 'preprocess',
  defaultP: 1,
  params: {
    length: num({ default: 128, min: 1, max: 65536, integer: true, unit: 'steps', description: 'Length of the output series' }),
    align: choice({ options: ['start', 'center', 'end'] as const, default: 'start', description: 'Which part is kept (or where the original sits when padded)' }),
    fill: choice({ options: ['zero', 'edge'] as const, default: 'zero', description: 'Padding: zeros, or the nearest end value repeated' }),
  },
  outputShape: (params, input) => ({ length: params.length, channels: input.channels }),
  draw: (_rng, params) => ({ length: params.length, align: params.align, fill: params.fill }),
  apply: (args, s) => {
    if (args.length === s.length) return s;
    const C = s.channels;
    const out = new Float32Array(args.length * C);
    const diff = args.length - s.length; // > 0: pad, < 0: crop
    const shift = args.align === 'start' ? 0 : args.align === 'end' ? diff : Math.trunc(diff / 2);
    for (let t = 0; t < args.length; t++) {
      const src = t - shift;
      if (src >= 0 && src < s.length) {
        for (let c = 0; c < C; c++) out[t * C + c] = s.data[src * C + c]!;
      } else if (args.fill === 'edge') {
        const e = src < 0 ? 0 : s.length - 1;
        for (let c = 0; c < C; c++) out[t * C + c] = s.data[e * C + c]!;
      }
    }
    return { length: args.length, channels: C, data: out };
  },
});
