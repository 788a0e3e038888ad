// Channel rotation: rotate each group of three channels (x, y, z of an accelerometer or gyro) by a
// random 3-D rotation about a random axis (Um et al. 2017: angle uniform in [-180, 180] degrees).
// Channels beyond the last full group of three are left as they are.

import { range } from '../../params.js';
import { defineSeriesOp } from '../op.js';
import { normal } from '../series.js';

export const channelRotation = defineSeriesOp({
  name: 'channelRotation',
  label: 'Channel rotation',
  description: 'Rotates each x-y-z channel triple in space, as if the sensor were worn turned',
  source: 'Um et al. 2017 (axis uniform on the sphere, angle in [-180, 180] degrees)',
  stage: 'augment',
  defaultP: 0.5,
  params: {
    degrees: range({ default: [-180, 180], min: -180, max: 180, step: 1, unit: 'degrees', description: 'Rotation angle about a random axis' }),
  },
  draw: (rng, params, input) => {
    const matrices: number[][] = [];
    for (let g = 0; g + 3 <= input.channels; g += 3) {
      const angle = (rng.uniform(params.degrees[0], params.degrees[1]) * Math.PI) / 180;
      let [x, y, z] = [normal(rng), normal(rng), normal(rng)];
      const n = Math.hypot(x, y, z) || 1;
      [x, y, z] = [x / n, y / n, z / n];
      if (angle === 0) {
        matrices.push([1, 0, 0, 0, 1, 0, 0, 0, 1]);
        continue;
      }
      // Rodrigues' rotation formula.
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const k = 1 - cos;
      matrices.push([cos + x * x * k, x * y * k - z * sin, x * z * k + y * sin, y * x * k + z * sin, cos + y * y * k, y * z * k - x * sin, z * x * k - y * sin, z * y * k + x * sin, cos + z * z * k]);
    }
    return { matrices };
  },
  apply: (args, s) => {
    const isIdentity = (m: number[]) => m.every((v, i) => v === (i % 4 === 0 ? 1 : 0));
    if (args.matrices.every(isIdentity)) return s;
    const { length: L, channels: C, data } = s;
    const out = data.slice();
    args.matrices.forEach((m, g) => {
      const c0 = g * 3;
      for (let t = 0; t < L; t++) {
        const o = t * C + c0;
        const a = data[o]!;
        const b = data[o + 1]!;
        const d = data[o + 2]!;
        out[o] = m[0]! * a + m[1]! * b + m[2]! * d;
        out[o + 1] = m[3]! * a + m[4]! * b + m[5]! * d;
        out[o + 2] = m[6]! * a + m[7]! * b + m[8]! * d;
      }
    });
    return { length: L, channels: C, data: out };
  },
});
