// Blending the chains of a mixing step (AugMix) with its input: out = original·input + Σ wₖ·chainₖ,
// one accumulator for the whole step. The first chain's pass also writes the input's share, the
// last chain's pass writes the result (rounded and clamped by the 8-bit store, as every pixel step),
// so a step of width 1 is one pass and no list of chain results is ever held.

import { allocLike, type WorkImage } from './image.js';

export interface PlannedMix<P> {
  /** Weight of the step's input. */
  original: number;
  /** Each chain's weight and its planned sub-calls (run on the step's input). */
  chains: { weight: number; plan: P[] }[];
}

/**
 * The weighted sum of `image` and its chains, each chain run by `runChain` on `image` (which is
 * never written). Sums in float64 in a fixed order — ((original·x + w₀·a₀) + w₁·a₁) + … — so
 * another runtime with IEEE doubles (the Python port) gets the same bytes.
 */
export function applyMix<P>(mix: PlannedMix<P>, image: WorkImage, runChain: (plan: P[]) => WorkImage): WorkImage {
  const k = mix.chains.length;
  if (k === 0) return image;
  const { width: W, height: H, channels: C, data: src } = image;
  const n = W * H * C;
  const out = allocLike(image, W, H, C);
  const o = out.data;
  const w0 = mix.original;
  const acc = k > 1 ? new Float64Array(n) : null;
  for (let j = 0; j < k; j++) {
    const { weight: w, plan } = mix.chains[j]!;
    const a = runChain(plan).data;
    if (a.length !== n) throw new Error(`mix: chain ${j} gave ${a.length} values, expected ${n} (chains must keep the shape)`);
    if (!acc) {
      for (let i = 0; i < n; i++) o[i] = w0 * src[i]! + w * a[i]!;
    } else if (j === 0) {
      for (let i = 0; i < n; i++) acc[i] = w0 * src[i]! + w * a[i]!;
    } else if (j < k - 1) {
      for (let i = 0; i < n; i++) acc[i] = acc[i]! + w * a[i]!;
    } else {
      for (let i = 0; i < n; i++) o[i] = acc[i]! + w * a[i]!;
    }
  }
  return out;
}
