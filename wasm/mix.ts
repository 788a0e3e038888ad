// MixUp's blend (src/pipeline/batchMix.ts blendKeeping is the JavaScript twin): own ← own + b·(other
// − own) and other ← own's value before the blend, in one pass, in float64 as the twin computes it
// (two values per f64x2 lane pair), rounded to float32: the same bits.

export function blendKeeping(own: usize, other: usize, n: i32, b: f64): void {
  const weight = f64x2.splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = own + (<usize>i << 2);
    const q = other + (<usize>i << 2);
    const v = v128.load(p);
    const o = v128.load(q);
    const vLo = f64x2.promote_low_f32x4(v);
    const vHi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
    const oLo = f64x2.promote_low_f32x4(o);
    const oHi = f64x2.promote_low_f32x4(i32x4.shuffle(o, o, 2, 3, 0, 1));
    const lo = f32x4.demote_f64x2_zero(f64x2.add(vLo, f64x2.mul(weight, f64x2.sub(oLo, vLo))));
    const hi = f32x4.demote_f64x2_zero(f64x2.add(vHi, f64x2.mul(weight, f64x2.sub(oHi, vHi))));
    v128.store(p, i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    v128.store(q, v);
  }
  for (; i < n; i++) {
    const p = own + (<usize>i << 2);
    const q = other + (<usize>i << 2);
    const v = <f64>load<f32>(p);
    store<f32>(p, <f32>(v + b * (<f64>load<f32>(q) - v)));
    store<f32>(q, <f32>v);
  }
}
