// The shape of one step of a geometric chain, and the sample-position arithmetic every chain
// kernel shares (chain.ts, chainTables.ts): one formula, so fused and step-by-step agree.

import type { Affine, Border } from './geometry.js';
/**
 * One step of a chain of geometric steps: its inverse map, the size of its input frame, how it
 * samples and what it does outside that frame. Index steps pick one input pixel (nearest
 * sampling, flips, crops); a bilinear step blends four.
 */
export interface ChainStep {
  matrix: Affine;
  inWidth: number;
  inHeight: number;
  bilinear: boolean;
  border: Border;
  fill: number;
}

/**
 * Position in index space (pixel centres at integers) of output pixel (x, y) under `m`. Every
 * kernel here computes sample positions with exactly this arithmetic, so a chain evaluated in
 * one pass gives the same positions, hence the same bytes, as its steps run one at a time.
 */
export function posX(m: Affine, x: number, y: number): number {
  return m[0] * (x + 0.5) + (m[1] * (y + 0.5) + m[2] - 0.5);
}
export function posY(m: Affine, x: number, y: number): number {
  return m[3] * (x + 0.5) + (m[4] * (y + 0.5) + m[5] - 0.5);
}
