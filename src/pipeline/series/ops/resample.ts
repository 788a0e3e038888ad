// Resample every series to one length by linear interpolation (first and last steps kept).

import { num } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { linearPositions, resampleAt } from '../series.js';

export const resample = defineSeriesOp({
  name: 'resample',
  label: 'Resample',
  description: 'Stretches or squeezes each series to a length (linear interpolation)',
  source: 'tsaug Resize',
  stage: 'preprocess',
  defaultP: 1,
  params: {
    length: num({ default: 128, min: 2, max: 65536, integer: true, unit: 'steps', description: 'Length of the output series' }),
  },
  outputShape: (params, input) => ({ length: params.length, channels: input.channels }),
  draw: (_rng, params) => ({ length: params.length }),
  apply: (args, s) => (args.length === s.length ? s : resampleAt(s, linearPositions(0, s.length - 1, args.length))),
});
