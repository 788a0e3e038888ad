// Gamma, Beta and Dirichlet draws from the pipeline's seeded Rng: AugMix's mixing weights and the
// λ of MixUp/CutMix (batchMix.ts). The Python port has the same one copy.

import { normalQuantile, type Rng } from './rng.js';

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 through Gamma(shape + 1)·U^(1/shape).
 */
export function drawGamma(rng: Rng, shape: number): number {
  if (shape < 1) return drawGamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normalQuantile((rng.nextUint32() + 0.5) / 4294967296);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(alpha, alpha): MixUp/CutMix's λ. */
export function drawBeta(rng: Rng, alpha: number): number {
  const a = drawGamma(rng, alpha);
  const b = drawGamma(rng, alpha);
  return a + b > 0 ? a / (a + b) : 0.5;
}

/**
 * Dirichlet(alpha, ..., alpha) over `count` parts: independent Gamma(alpha) draws, normalised (as
 * torch._sample_dirichlet). When every draw underflows to 0 (a tiny alpha), the parts are equal.
 */
export function drawDirichlet(rng: Rng, alpha: number, count: number): number[] {
  const g = Array.from({ length: count }, () => drawGamma(rng, alpha));
  const total = g.reduce((a, b) => a + b, 0);
  return total > 0 ? g.map((x) => x / total) : g.map(() => 1 / count);
}
