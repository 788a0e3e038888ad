// Where the wall time of a training step goes on WebGPU in Node (Dawn): per configuration, the CPU
// time to enqueue a step (JS + Dawn calls, no waiting), the wall time per step queued back to back,
// the wall time with a read-back each step, dispatches and submits per step. Variants via OVH_VARIANTS.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const kernels = await import('../../src/train/kernels/index.ts');
const { buildModel } = await import('../../src/train/models.ts');

await tf.setBackend('webgpu');
await tf.ready();
if (tf.getBackend() !== 'webgpu') { console.error('not webgpu'); process.exit(2); }
const backend = tf.backend();
const configs = (process.env.OVH_CONFIGS ?? 'cnn-small:32:256').split(',').map((s) => { const [preset, size, batch] = s.split(':'); return { preset, size: +size, batch: +batch }; });
const variants = (process.env.OVH_VARIANTS ?? 'stock,ours').split(',');
const STEPS = Number(process.env.OVH_STEPS ?? 20);

// Count dispatches and submits.
let dispatches = 0, submits = 0;
const origRun = backend.recordAndSubmit.bind(backend);
backend.recordAndSubmit = (...a) => { dispatches++; return origRun(...a); };
const origSubmit = backend.submitQueue.bind(backend);
backend.submitQueue = () => { submits++; return origSubmit(); };
let creates = 0;
const dev = backend.device;
const origCreate = dev.createBuffer.bind(dev);
dev.createBuffer = (d) => { creates++; return origCreate(d); };

let fusedAdam = false;
function apply(variant) {
  // variant: mode[+flag=value...]
  const [mode, ...flags] = variant.split('+');
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 15);
  fusedAdam = false;
  // +noconv: without convLayer.ts (tf.fused.conv2d's gradient, every input gradient computed).
  let convLayer = true;
  // +dx=stock|forward|auto: how convLayer.ts computes input gradients (setConvInputGradPath).
  kernels.setConvInputGradPath('auto');
  for (const f of flags) { if (f === 'adam') { fusedAdam = true; continue; } if (f === 'noconv') { convLayer = false; continue; } if (f === 'noce') continue; if (f.startsWith('dx=')) { kernels.setConvInputGradPath(f.slice(3)); continue; } }
  kernels.unregisterConvGradKernels(tf);
  if (mode !== 'stock') kernels.registerConvGradKernels(tf, { backends: ['webgpu'], webgpuImplementation: 'wgsl', convLayer });
  for (const f of flags) { const [k, v] = f.split('='); if (v !== undefined && k !== 'dx') tf.env().set(k, isNaN(+v) ? v === 'true' : +v); }
  return mode;
}
const r2 = (v) => Math.round(v * 100) / 100;
const PROFILE = process.env.OVH_PROFILE_DIR;
let session;
if (PROFILE) {
  const inspector = await import('node:inspector');
  session = new inspector.Session();
  session.connect();
  await new Promise((res) => session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 100 }, res)));
}
const post = (m, p = {}) => new Promise((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
const { writeFileSync, mkdirSync } = await import('node:fs');
// Correctness: fused Adam against tfjs's Adam, same model and data, a few steps.
if (process.env.OVH_CHECK !== '0') {
  kernels.registerConvGradKernels(tf, { backends: ['webgpu'] });
  const run = async (fused) => {
    const model = buildModel(tf, { preset: 'cnn-deep', sampleShape: [16, 16, 3], layout: 'NHWC', numClasses: 10, seed: 1 });
    const opt = fused ? kernels.createFusedAdam(tf, 1e-2) : tf.train.adam(1e-2);
    const x = tf.randomNormal([8, 16, 16, 3], 0, 1, 'float32', 7);
    const labels = tf.oneHot(tf.randomUniform([8], 0, 10, 'int32', 8), 10);
    const losses = [];
    for (let i = 0; i < 5; i++) { const l = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true })), true); losses.push((await l.data())[0]); l.dispose(); }
    const w = await Promise.all(model.getWeights().map((t) => t.data()));
    const ow = await opt.getWeights();
    const owd = await Promise.all(ow.slice(1).map((t) => t.tensor.data()));
    opt.dispose(); model.dispose(); tf.dispose([x, labels]);
    return { losses, w, names: ow.map((t) => t.name), owd };
  };
  const a = await run(false), b = await run(true);
  let d = 0, n = 0; a.w.forEach((wa, i) => wa.forEach((v, j) => { d += (v - b.w[i][j]) ** 2; n += v * v; }));
  let ds = 0, ns = 0; a.owd.forEach((wa, i) => wa.forEach((v, j) => { ds += (v - b.owd[i][j]) ** 2; ns += v * v; }));
  console.log('adam check: losses stock', a.losses.map((v) => v.toFixed(5)).join(' '), '| fused', b.losses.map((v) => v.toFixed(5)).join(' '));
  console.log('adam check: weights rel err', Math.sqrt(d / n).toExponential(2), 'state rel err', Math.sqrt(ds / ns).toExponential(2), 'state tensors', a.names.length, b.names.length, 'dispatches so far', dispatches);
}
console.log('config variant | enqueue_ms/step wall_ms/step(queued) wall_ms/step(sync) dispatches/step submits/step gpu_kernel_ms');
for (const c of configs) for (const variant of variants) {
  const mode = apply(variant);
  const model = buildModel(tf, { preset: c.preset, sampleShape: [c.size, c.size, 3], layout: 'NHWC', numClasses: 10, seed: 1 });
  const opt = fusedAdam ? kernels.createFusedAdam(tf, 1e-3) : tf.train.adam(1e-3);
  const x = tf.randomNormal([c.batch, c.size, c.size, 3], 0, 1, 'float32', 7);
  const labels = tf.oneHot(tf.randomUniform([c.batch], 0, 10, 'int32', 8), 10);
  // ours: the trainer's loss (kernels/softmaxCrossEntropy.ts); +noce: tfjs's.
  const loss = mode !== 'stock' && !variant.includes('+noce') ? (l) => kernels.softmaxCrossEntropy(tf, labels, l) : (l) => tf.losses.softmaxCrossEntropy(labels, l);
  const step = () => opt.minimize(() => loss(model.apply(x, { training: true })), true);
  for (let i = 0; i < 3; i++) { const l = step(); await l.data(); l.dispose(); }
  // queued back to back
  const profiling = PROFILE && (process.env.OVH_PROFILE_ONLY ?? '').split(',').includes(`${c.preset}:${c.size}:${c.batch}:${variant}`);
  if (profiling) await post('Profiler.start');
  let enq = 0; dispatches = 0; submits = 0; creates = 0;
  let t0 = performance.now(); let last;
  for (let i = 0; i < STEPS; i++) { last?.dispose(); const a = performance.now(); last = step(); enq += performance.now() - a; }
  await last.data(); last.dispose();
  const queued = (performance.now() - t0) / STEPS;
  const dps = dispatches / STEPS, sps = submits / STEPS, cps = creates / STEPS;
  if (profiling) { const { profile } = await post('Profiler.stop'); mkdirSync(PROFILE, { recursive: true }); writeFileSync(`${PROFILE}/${c.preset}-${c.size}-${c.batch}-${variant.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`, JSON.stringify(profile)); }
  // sync each step
  t0 = performance.now();
  for (let i = 0; i < STEPS; i++) { const l = step(); await l.data(); l.dispose(); }
  const sync = (performance.now() - t0) / STEPS;
  const prof = await tf.profile(() => step());
  const gpu = prof.kernels.reduce((s, k) => s + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0), 0);
  // OVH_LIST=calls: every kernel call of the step with its shapes, slowest first (top 24).
  if (process.env.OVH_LIST === 'calls') for (const k of [...prof.kernels].sort((p, q) => (q.kernelTimeMs || 0) - (p.kernelTimeMs || 0)).slice(0, 24)) console.log(`    ${r2(k.kernelTimeMs || 0)}ms ${k.name} in ${JSON.stringify(k.inputShapes)} out ${JSON.stringify(k.outputShapes)}`);
  if (process.env.OVH_LIST) { const m = new Map(); for (const k of prof.kernels) { const e = m.get(k.name) ?? [0, 0]; e[0]++; e[1] += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0; m.set(k.name, e); } console.log('  kernels:', [...m].sort((p, q) => q[1][1] - p[1][1]).map(([k, [n, t]]) => `${k} ${n}x ${r2(t)}ms`).join(', ')); }
  console.log(`${c.preset} ${c.size} b${c.batch} ${variant} | ${r2(enq / STEPS)} ${r2(queued)} ${r2(sync)} ${r2(dps)} ${r2(sps)} ${r2(gpu)} createBuffer/step=${r2(cps)} kernels=${prof.kernels.length}`);
  opt.dispose(); model.dispose(); tf.dispose([x, labels]);
}
process.exit(0);
