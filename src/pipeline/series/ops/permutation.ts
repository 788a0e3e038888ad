// Permutation: cut the series into equal segments and shuffle them (Um et al. 2017; Iwana &
// Uchida 2021: up to 5 segments with NumPy's exclusive upper bound, i.e. 1 to 4).

import { num } from '../../params.js';
import { defineSeriesOp } from '../op.js';

export const permutation = defineSeriesOp({
  name: 'permutation',
  label: 'Permutation',
  description: 'Cuts the series into segments and shuffles them',
  source: 'Iwana & Uchida 2021 (max segments 5, equal segments)',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    maxSegments: num({ default: 4, min: 1, max: 64, integer: true, description: 'Most segments (1 to this many, at random)' }),
  },
  draw: (rng, params, input) => {
    const count = Math.min(input.length, rng.int(1, params.maxSegments));
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return { order };
  },
  apply: (args, s) => {
    const n = args.order.length;
    if (args.order.every((v, i) => v === i)) return s;
    const { length: L, channels: C } = s;
    // NumPy's array_split: the first L % n segments are one step longer.
    const base = Math.floor(L / n);
    const extra = L % n;
    const startOf = (k: number) => k * base + Math.min(k, extra);
    const out = new Float32Array(s.data.length);
    let at = 0;
    for (const k of args.order) {
      const from = startOf(k);
      const to = startOf(k + 1);
      out.set(s.data.subarray(from * C, to * C), at * C);
      at += to - from;
    }
    return { length: L, channels: C, data: out };
  },
});
