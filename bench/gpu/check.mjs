// Gradient check on WebGPU in Node: our Conv2DBackpropFilter (WGSL and op-composed) against tfjs's
// stock kernel, for every shape class we claim plus the presets' real layer shapes. Prints the
// relative error ||ours - stock|| / ||stock|| per case; exits 1 above CHECK_TOLERANCE.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerConvGradKernels, unregisterConvGradKernels, convGradCounts } = await import('../../src/train/kernels/index.ts');

/** float32 sums of up to ~10^6 products in a different order: ~1e-6 typical. */
const CHECK_TOLERANCE = 1e-4;

await tf.setBackend('webgpu');
if (tf.getBackend() !== 'webgpu') {
  console.error(`check: backend is ${tf.getBackend()}, not webgpu`);
  process.exit(2);
}
const cases = [];
for (const filter of [1, 3]) for (const stride of [1, 2]) for (const pad of ['same', 'valid']) {
  cases.push({ x: [4, 16, 16, 8], filter, co: 16, stride, pad });
  cases.push({ x: [3, 15, 13, 3], filter, co: 32, stride, pad });
}
const big = (process.env.CHECK_BIG ?? '1') === '1';
if (big) {
  cases.push({ x: [256, 32, 32, 3], filter: 3, co: 32, stride: 1, pad: 'same' });
  cases.push({ x: [256, 16, 16, 32], filter: 3, co: 64, stride: 1, pad: 'same' });
  cases.push({ x: [256, 8, 8, 64], filter: 3, co: 128, stride: 1, pad: 'same' });
}
function relErr(a, b) {
  let d = 0, n = 0;
  for (let i = 0; i < b.length; i++) { d += (a[i] - b[i]) ** 2; n += b[i] ** 2; }
  return Math.sqrt(d) / Math.sqrt(n);
}
let worst = 0;
for (const c of cases) {
  const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
  const y = tf.conv2d(x, tf.zeros([c.filter, c.filter, c.x[3], c.co]), c.stride, c.pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 2);
  const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: [c.filter, c.filter, c.x[3], c.co] };
  const run = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs);
  unregisterConvGradKernels(tf);
  const stock = await run().data();
  const errs = {};
  for (const impl of ['wgsl', 'ops']) {
    registerConvGradKernels(tf, { backends: ['webgpu'], webgpuImplementation: impl });
    const before = convGradCounts();
    const ours = await run().data();
    const after = convGradCounts();
    if (after.ours !== before.ours + 1 || (impl === 'wgsl') !== (after.wgsl === before.wgsl + 1)) throw new Error(`${impl} did not run`);
    errs[impl] = relErr(ours, stock);
    worst = Math.max(worst, errs[impl]);
  }
  console.log(`${c.x.join('x')} ${c.filter}x${c.filter} s${c.stride} ${c.pad} ->${c.co}: wgsl ${errs.wgsl.toExponential(2)}, ops ${errs.ops.toExponential(2)}`);
  tf.dispose([x, y, dy]);
}
console.log(`worst relative error ${worst.toExponential(2)} (tolerance ${CHECK_TOLERANCE})`);
process.exit(worst <= CHECK_TOLERANCE ? 0 : 1);
