// MixUp's blend (src/pipeline/batchMix.ts blendKeeping is the JavaScript twin): own ← own + b·(other
// − own) and other ← own's value before the blend, in one pass, in float32 arithmetic (as
// torchvision's MixUp), eight values a step: the twin's bits.

export function blendKeeping(own: usize, other: usize, n: i32, b: f32): void {
  const weight = f32x4.splat(b);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = own + (<usize>i << 2);
    const q = other + (<usize>i << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const o0 = v128.load(q);
    const o1 = v128.load(q, 16);
    v128.store(p, f32x4.add(v0, f32x4.mul(weight, f32x4.sub(o0, v0))));
    v128.store(p, f32x4.add(v1, f32x4.mul(weight, f32x4.sub(o1, v1))), 16);
    v128.store(q, v0);
    v128.store(q, v1, 16);
  }
  for (; i < n; i++) {
    const p = own + (<usize>i << 2);
    const q = other + (<usize>i << 2);
    const v = load<f32>(p);
    store<f32>(p, v + b * (load<f32>(q) - v));
    store<f32>(q, v);
  }
}
