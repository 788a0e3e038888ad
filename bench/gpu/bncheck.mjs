// Layer-kernel check on WebGPU in Node. Batch norm: tfjs-layers' BatchNormalization in training
// mode with our fused op (WGSL kernels) against the stock layer on the same backend (output, moving
// averages, gradients of x, gamma and beta) for small odd shapes and the presets' real layer
// shapes; prints ||ours - stock|| / ||stock||. ReLU gradient: equal to the stock one. Dropout: the
// drop fraction, the scaling, a new mask per call, and a gradient with the forward's mask.
// Exits 1 when any check fails.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerConvGradKernels, unregisterConvGradKernels, fusedBatchNormCalls, gpuDropoutCalls, createFusedAdam, adamInPlaceCalls } = await import('../../src/train/kernels/index.ts');
const { buildModel } = await import('../../src/train/models.ts');

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
console.log(`batch norm: worst relative error ${worst.toExponential(2)} (tolerance ${CHECK_TOLERANCE})`);
const failures = worst <= CHECK_TOLERANCE ? [] : ['batch norm'];

// ReLU gradient: the same values as tfjs's mul(dy, step(x)), zeros and negatives included.
{
  const x = tf.concat([tf.randomNormal([4000], 0, 1, 'float32', 5), tf.zeros([96])]);
  const w = tf.randomNormal([4096], 0, 1, 'float32', 6);
  const grad = async () => tf.grad((xi) => tf.sum(tf.mul(tf.relu(xi), w)))(x).data();
  unregisterConvGradKernels(tf);
  const stock = await grad();
  registerConvGradKernels(tf, { backends: ['webgpu'] });
  const ours = await grad();
  const err = relErr(ours, stock);
  console.log(`relu gradient: relative error ${err.toExponential(2)}`);
  if (err !== 0) failures.push('relu gradient');
}

// Dropout: rate 0.3 over 2^18 ones.
{
  registerConvGradKernels(tf, { backends: ['webgpu'] });
  const rate = 0.3;
  const layer = tf.layers.dropout({ rate, seed: 5 });
  const x = tf.ones([256, 1024]);
  const w = tf.randomNormal([256, 1024], 0, 1, 'float32', 7);
  const before = gpuDropoutCalls();
  let y;
  const dx = tf.grad((xi) => { y = tf.keep(layer.apply(xi, { training: true })); return tf.sum(tf.mul(y, w)); })(x);
  const y2 = layer.apply(x, { training: true });
  const [yv, y2v, dxv, wv] = await Promise.all([y.data(), y2.data(), dx.data(), w.data()]);
  const dropped = yv.filter((v) => v === 0).length / yv.length;
  const scaled = yv.every((v) => v === 0 || Math.abs(v - 1 / (1 - rate)) < 1e-6);
  let sameMask = 0;
  for (let i = 0; i < yv.length; i++) if ((yv[i] === 0) === (y2v[i] === 0)) sameMask++;
  // Two independent masks agree on rate^2 + (1-rate)^2 of the elements.
  const agreement = sameMask / yv.length;
  let gradErr = 0;
  for (let i = 0; i < yv.length; i++) gradErr = Math.max(gradErr, Math.abs(dxv[i] - wv[i] * yv[i]));
  const ran = gpuDropoutCalls() - before;
  console.log(`dropout: ran ${ran}x, dropped ${dropped.toFixed(4)} (rate ${rate}), kept scaled ${scaled}, mask agreement between calls ${agreement.toFixed(4)} (independent: ${(rate ** 2 + (1 - rate) ** 2).toFixed(4)}), gradient max error ${gradErr.toExponential(2)}`);
  if (ran !== 2 || Math.abs(dropped - rate) > 0.005 || !scaled || Math.abs(agreement - (rate ** 2 + (1 - rate) ** 2)) > 0.01 || gradErr > 1e-6) failures.push('dropout');
}

// Adam: ours (in place where it may) against tf.train.adam over a few steps of the deeper preset,
// and a clone of the weights taken before the steps (as the trainer's best-weights copy) unchanged.
{
  registerConvGradKernels(tf, { backends: ['webgpu'] });
  const run = async (fused) => {
    const model = buildModel(tf, { preset: 'cnn-deep', sampleShape: [16, 16, 3], layout: 'NHWC', numClasses: 10, seed: 1 });
    const optimizer = fused ? createFusedAdam(tf, 1e-2) : tf.train.adam(1e-2);
    const x = tf.randomNormal([8, 16, 16, 3], 0, 1, 'float32', 7);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const snapshot = model.getWeights().map((w) => tf.keep(tf.clone(w)));
    const snapshotBefore = await Promise.all(snapshot.map((t) => t.data()));
    const losses = [];
    for (let i = 0; i < 5; i++) {
      // Both runs use our layer kernels (a fresh model draws the same dropout masks); only the optimiser differs.
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true })), true);
      losses.push((await loss.data())[0]);
      loss.dispose();
    }
    const weights = await Promise.all(model.getWeights().map((t) => t.data()));
    const snapshotAfter = await Promise.all(snapshot.map((t) => t.data()));
    const snapshotKept = snapshotBefore.every((a, i) => a.every((v, j) => v === snapshotAfter[i][j]));
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, labels, ...snapshot]);
    return { losses, weights, snapshotKept };
  };
  const stock = await run(false);
  const before = adamInPlaceCalls();
  const ours = await run(true);
  const inPlace = adamInPlaceCalls() - before;
  const err = relErr(ours.weights.flatMap((a) => [...a]), stock.weights.flatMap((a) => [...a]));
  console.log(`adam: ${inPlace} in-place updates, losses stock ${stock.losses.map((l) => l.toFixed(5)).join(' ')} | ours ${ours.losses.map((l) => l.toFixed(5)).join(' ')}, weights relative error ${err.toExponential(2)}, cloned weights kept: ${ours.snapshotKept}`);
  if (inPlace === 0 || err > 1e-3 || !ours.snapshotKept) failures.push('adam');
}
unregisterConvGradKernels(tf);
console.log(failures.length === 0 ? 'all checks passed' : `FAILED: ${failures.join(', ')}`);
process.exit(failures.length === 0 ? 0 : 1);
