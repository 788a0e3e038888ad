// Shared pieces of the colour ops.

import { range } from '../params.js';

export const factorRange = (description: string, fallback: readonly [number, number] = [0.8, 1.2]) =>
  range({ default: fallback, min: 0, max: 5, step: 0.01, unit: '×', description });
