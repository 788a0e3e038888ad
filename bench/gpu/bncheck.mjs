// Batch-norm check on WebGPU in Node: tfjs-layers' BatchNormalization in training mode with our
// fused op (WGSL kernels) against the stock layer on the same backend: output, moving averages and
// the gradients of x, gamma and beta, for small odd shapes and the deeper CNN's real layer shapes.
// Prints ||ours - stock|| / ||stock|| per case; exits 1 above CHECK_TOLERANCE.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerConvGradKernels, unregisterConvGradKernels, fusedBatchNormCalls } = await import('../../src/train/kernels/index.ts');

/** float32 sums of up to ~10^6 terms in a different order; the one-pass variance is shifted. */
const CHECK_TOLERANCE = 1e-4;

await tf.setBackend('webgpu');
if (tf.getBackend() !== 'webgpu') {
  console.error(`bncheck: backend is ${tf.getBackend()}, not webgpu`);
  process.exit(2);
}
const shapes = [[2, 3, 5, 7], [4, 8, 8, 16], [3, 5, 5, 33]];
if ((process.env.CHECK_BIG ?? '1') === '1') shapes.push([256, 32, 32, 32], [256, 16, 16, 64], [64, 8, 8, 128]);

function relErr(a, b) {
  let d = 0, n = 0;
  for (let i = 0; i < b.length; i++) { d += (a[i] - b[i]) ** 2; n += b[i] ** 2; }
  return Math.sqrt(d) / Math.max(Math.sqrt(n), Number.MIN_VALUE);
}

async function runLayer(shape) {
  const c = shape[shape.length - 1];
  const layer = tf.layers.batchNormalization({ momentum: 0.9 });
  const x = tf.add(tf.randomNormal(shape, 0, 2, 'float32', 1), 3);
  layer.build(x.shape);
  layer.setWeights([tf.randomUniform([c], 0.5, 1.5, 'float32', 2), tf.randomUniform([c], -1, 1, 'float32', 3), tf.zeros([c]), tf.ones([c])]);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read());
  const w = tf.randomNormal(shape, 0, 1, 'float32', 4);
  let y;
  const grads = tf.grads((xi) => { y = tf.keep(layer.apply(xi, { training: true })); return tf.sum(tf.mul(y, w)); });
  const vg = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }), w)), [gamma, beta]);
  const [dx] = grads([x]);
  const weights = layer.getWeights();
  const out = { y: await y.data(), dx: await dx.data(), dgamma: await vg.grads[gamma.name].data(), dbeta: await vg.grads[beta.name].data(), movingMean: await weights[2].data(), movingVariance: await weights[3].data() };
  tf.dispose([x, w, y, dx, vg.value, ...Object.values(vg.grads)]);

  return out;
}

let worst = 0;
for (const shape of shapes) {
  unregisterConvGradKernels(tf);
  const stock = await runLayer(shape);
  registerConvGradKernels(tf, { backends: ['webgpu'] });
  const before = fusedBatchNormCalls();
  const ours = await runLayer(shape);
  if (fusedBatchNormCalls() === before) throw new Error('bncheck: the fused batch norm did not run');
  const errs = Object.fromEntries(Object.keys(stock).map((k) => [k, relErr(ours[k], stock[k])]));
  for (const e of Object.values(errs)) worst = Math.max(worst, e);
  console.log(`${shape.join('x')}: ${Object.entries(errs).map(([k, e]) => `${k} ${e.toExponential(2)}`).join(', ')}`);
}
unregisterConvGradKernels(tf);
console.log(`worst relative error ${worst.toExponential(2)} (tolerance ${CHECK_TOLERANCE})`);
process.exit(worst <= CHECK_TOLERANCE ? 0 : 1);
