// Parameters and helpers shared by several ops.

import type { Border, Interpolation, Sampling } from '../kernels/geometry.js';
import { choice, num } from '../params.js';

export const interpolationParam = choice({
  options: ['bilinear', 'nearest'] as const,
  default: 'bilinear',
  description: 'How new pixel values are computed: bilinear blends the 4 nearest pixels, nearest copies one',
});

export const borderParam = choice({
  options: ['reflect', 'constant', 'edge'] as const,
  default: 'reflect',
  description: 'What fills the area that comes from outside the image: a mirror image, a constant, or the edge pixels repeated',
});

export const fillParam = num({
  default: 0,
  min: 0,
  max: 255,
  step: 1,
  unit: 'pixel value',
  description: 'Value of the area outside the image when the border is constant',
});

export function sampling(interpolation: Interpolation, border: Border, fill: number): Sampling {
  return { interpolation, border, fill };
}

/** cos and sin of an angle in degrees, exact at multiples of 90 so that quarter turns are exact. */
export function cosSinDegrees(degrees: number): [number, number] {
  const quarter = degrees / 90;
  if (Number.isInteger(quarter)) {
    const k = ((quarter % 4) + 4) % 4;
    return [[1, 0, -1, 0][k]!, [0, 1, 0, -1][k]!];
  }
  const r = (degrees * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

export const sizeParam = (what: 'Width' | 'Height', fallback = 64) =>
  num({ default: fallback, min: 1, max: 4096, step: 1, integer: true, unit: 'px', description: `${what} of the output, in pixels` });
