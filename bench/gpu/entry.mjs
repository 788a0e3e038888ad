// bench:gpu: training-step throughput of the model presets on WebGPU in Node (Dawn, the `webgpu`
// package), with tfjs's stock Conv2DBackpropFilter and with ours, plus the per-kernel GPU time of
// one step. Runs bundled (bench/gpu/run.mjs locally, ../shared/gpu/pack.sh for a GPU host).
// Writes gpu-<adapter>.json to $BENCH_OUT_DIR (default bench/results). Refuses to report anything
// unless the backend really is webgpu: tfjs falls back to the CPU silently when Dawn finds no adapter.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
// Set before the backend is imported: it registers itself only if it sees navigator.gpu.
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { registerConvGradKernels, unregisterConvGradKernels, convGradCounts, WEBGPU_SUBMIT_BATCH, createFusedAdam, fusedBatchNormCalls, setAdamInPlaceEnabled, adamInPlaceCalls, smallUploadCount, convLayerCounts, softmaxCrossEntropy, fusedSoftmaxCrossEntropyCalls } = await import('../../src/train/kernels/index.ts');
// The trainer's own presets, so the figures are for the models users train.
const { buildModel } = await import('../../src/train/models.ts');
// Segmentation's per-pixel loss, as the trainer computes it (buildModel builds the Small U-Net for task 'segmentation').
const { segmentationLoss } = await import('../../src/train/segmentation.ts');

/**
 * Presets measured, as named in src/train/types.ts; the report's names say "small" and "deeper".
 * `BENCH_MODELS` (names, comma-separated) picks some.
 */
const ALL_MODELS = [
  { preset: 'cnn-small', name: 'small-cnn' },
  { preset: 'cnn-deep', name: 'deeper-cnn' },
  // The trainer builds the Small U-Net (src/train/unet.ts) for every segmentation run, whatever the preset.
  { preset: 'unet-small', name: 'small-unet', segmentation: true },
];
const MODEL_NAMES = (process.env.BENCH_MODELS ?? ALL_MODELS.map((m) => m.name).join(',')).split(',');
const MODELS = ALL_MODELS.filter((m) => MODEL_NAMES.includes(m.name));
if (MODELS.length !== MODEL_NAMES.length) {
  console.error(`bench:gpu: BENCH_MODELS=${MODEL_NAMES.join(',')}: known models are ${ALL_MODELS.map((m) => m.name).join(', ')}`);
  process.exit(2);
}
const SIZES = (process.env.BENCH_SIZES ?? '32,64').split(',').map(Number);
const BATCHES = (process.env.BENCH_BATCHES ?? '32,256').split(',').map(Number);
const NUM_CLASSES = 10;
/** Classes of the U-Net's masks (background + 3), random per pixel. */
const SEG_CLASSES = 4;
const LEARNING_RATE = 1e-3;
/** Untimed steps first: WebGPU compiles each shader pipeline on first use. */
const WARMUP_STEPS = 2;
/** Timed steps run for about this long (at least MIN_STEPS, at most MAX_STEPS). */
const TARGET_TIMED_MS = Number(process.env.BENCH_TARGET_MS ?? 2000);
const MIN_STEPS = 3;
const MAX_STEPS = 60;
/** Kernels listed per profile: the rest are summed as "other". */
const PROFILE_TOP = 8;
const OUT_DIR = process.env.BENCH_OUT_DIR ?? 'bench/results';

await tf.setBackend('webgpu');
await tf.ready();
if (tf.getBackend() !== 'webgpu') {
  console.error(`bench:gpu: the backend is ${tf.getBackend()}, not webgpu (Dawn found no adapter?). Refusing to report.`);
  process.exit(2);
}
const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
const info = adapter?.info ?? {};
const adapterInfo = {
  vendor: info.vendor ?? '',
  architecture: info.architecture ?? '',
  device: info.device ?? '',
  description: info.description ?? '',
  timestampQuery: Boolean(adapter?.features?.has('timestamp-query')),
};
console.log(`backend: ${tf.getBackend()}  adapter: ${JSON.stringify(adapterInfo)}  tfjs ${tf.version.tfjs}`);

/**
 * stock: tfjs 4.22's kernels and tf.train.adam; ours: what the trainer runs on WebGPU (our WGSL
 * Conv2DBackpropFilter, fused batch norm, GPU dropout, one-program ReLU gradient and fused Adam
 * updating in place, src/train/kernels); prev: ours before issue 16 (filter gradient, 3-program
 * Adam, Mean gradient, submit batch; no batch-norm, dropout or ReLU kernels, Adam not in place);
 * ops: our op-composed filter gradient with tfjs's Adam.
 */
const MODES = (process.env.BENCH_MODES ?? 'stock,prev,prior,ours').split(',');
/** Modes that run all of ours: prior = ours before 2026-11-26 03:00 (tf.fused.conv2d's gradient, not convLayer.ts; tfjs's softmax cross-entropy). */
const isOurs = (mode) => mode === 'ours' || mode === 'prior';

/** "ours@N": ours with tfjs's submit batch (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE) at N, to try other values. */
function baseMode(mode) {
  return mode.split('@')[0];
}

function setMode(variant) {
  const mode = baseMode(variant);
  setAdamInPlaceEnabled(isOurs(mode));
  unregisterConvGradKernels(tf);
  if (mode !== 'stock') registerConvGradKernels(tf, { backends: ['webgpu'], webgpuImplementation: mode === 'ops' ? 'ops' : 'wgsl', convLayer: mode !== 'prior', ...(isOurs(mode) ? {} : { batchNormBackends: [], elementwiseFusions: false }) });
  const submitBatch = Number(variant.split('@')[1]);
  if (submitBatch > 0) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', submitBatch);
  // prev ran with a submit batch of 64 (the constant before issue 16).
  else if (mode === 'prev') tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 64);
  else if (mode !== 'stock') tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', WEBGPU_SUBMIT_BATCH);
}

// A V8 CPU profile of the timed loop, for configurations named "preset:size:batch:mode" in
// BENCH_CPU_PROFILE_ONLY, written to BENCH_CPU_PROFILE_DIR.
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR ?? 'bench/tmp/profiles';
const PROFILE_ONLY = (process.env.BENCH_CPU_PROFILE_ONLY ?? '').split(',').filter(Boolean);
let inspectorSession;
if (PROFILE_ONLY.length > 0) {
  const inspector = await import('node:inspector');
  inspectorSession = new inspector.Session();
  inspectorSession.connect();
}
const inspectorPost = (method, params = {}) =>
  new Promise((resolve, reject) => inspectorSession.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
if (inspectorSession) {
  await inspectorPost('Profiler.enable');
  await inspectorPost('Profiler.setSamplingInterval', { interval: 100 });
}

// Dispatches per step: tfjs-webgpu records every program through recordAndSubmit.
const gpuBackend = tf.backend();
let dispatches = 0;
const recordAndSubmit = gpuBackend.recordAndSubmit.bind(gpuBackend);
gpuBackend.recordAndSubmit = (...args) => {
  dispatches++;
  return recordAndSubmit(...args);
};

const isSegmentation = (preset) => ALL_MODELS.some((m) => m.preset === preset && m.segmentation);
const classesOf = (preset) => (isSegmentation(preset) ? SEG_CLASSES : NUM_CLASSES);

function buildPreset(preset, size) {
  const spec = { sampleShape: [size, size, 3], layout: 'NHWC', numClasses: classesOf(preset), seed: 1 };
  return isSegmentation(preset) ? buildModel(tf, { ...spec, preset: 'cnn-small', task: 'segmentation' }) : buildModel(tf, { ...spec, preset });
}

/**
 * The layer list of a preset as built here, for bench/gpu/torch_models.py to rebuild in PyTorch;
 * each layer names the layers it takes its inputs from (`inbound`), so a functional model (the
 * U-Net's skip concatenations) is rebuilt as a graph.
 */
function layerList(preset, size) {
  const model = buildPreset(preset, size);
  const layers = model.layers.map((layer) => ({
    type: layer.getClassName(),
    ...layer.getConfig(),
    inbound: layer.inboundNodes.flatMap((node) => node.inboundLayers.map((l) => l.name)),
  }));
  model.dispose();
  return layers;
}

/**
 * PyTorch on the same host, same networks (bench/gpu/torch_models.py), run before ours so the two
 * never share the GPU. No rows where `python3 -c "import torch"` fails or BENCH_TORCH=0.
 */
function measureTorch(configs) {
  if (process.env.BENCH_TORCH === '0') return { note: 'BENCH_TORCH=0', rows: new Map() };
  const script = process.env.BENCH_TORCH_SCRIPT ?? 'bench/gpu/torch_models.py';
  const probe = spawnSync('python3', ['-c', 'import torch; assert torch.cuda.is_available()'], { encoding: 'utf8' });
  if (probe.status !== 0) return { note: `no PyTorch with CUDA here (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})`, rows: new Map() };
  const entries = configs.map(({ preset, size, batch }) => ({ key: `${preset}:${size}:${batch}`, size, batch, classes: classesOf(preset), segmentation: isSegmentation(preset), layers: layerList(preset, size) }));
  const run = spawnSync('python3', [script], { input: JSON.stringify(entries), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`bench:gpu: ${script} failed: ${run.stderr}`);
  const [head, ...results] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { note: `PyTorch ${head.torch} on ${head.device}, fp32 (TF32 off), eager, Adam, steady state`, rows: new Map(results.map((r) => [r.key, r])) };
}

/** Kernel name -> total GPU ms and calls in one profiled step, largest first. */
async function profileStep(step) {
  const profile = await tf.profile(() => step());
  const byKernel = new Map();
  for (const k of profile.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = byKernel.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    byKernel.set(k.name, entry);
  }
  const all = [...byKernel.values()].sort((a, b) => b.ms - a.ms);
  const totalMs = all.reduce((sum, k) => sum + k.ms, 0);
  const top = all.slice(0, PROFILE_TOP).map((k) => ({ ...k, ms: round(k.ms) }));
  const rest = all.slice(PROFILE_TOP);
  if (rest.length > 0) top.push({ kernel: `other (${rest.length} kernels)`, ms: round(rest.reduce((s, k) => s + k.ms, 0)), calls: rest.reduce((s, k) => s + k.calls, 0) });
  return { kernel_ms_total: round(totalMs), largest: all[0]?.kernel ?? '', kernels: top };
}

function round(value, digits = 2) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

async function measure(presetName, size, batch, variant) {
  setMode(variant);
  const mode = baseMode(variant);
  const model = buildPreset(presetName, size);
  const optimizer = isOurs(mode) || mode === 'prev' ? createFusedAdam(tf, LEARNING_RATE) : tf.train.adam(LEARNING_RATE);
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 7);
  // Segmentation: a class per pixel [N, H, W] and the trainer's per-pixel loss; else one-hot labels.
  const labels = isSegmentation(presetName)
    ? tf.randomUniform([batch, size, size], 0, SEG_CLASSES, 'int32', 8)
    : tf.oneHot(tf.randomUniform([batch], 0, NUM_CLASSES, 'int32', 8), NUM_CLASSES);
  const lossOf = isSegmentation(presetName)
    ? (logits) => segmentationLoss(tf, logits, labels)
    : mode === 'ours'
      ? (logits) => softmaxCrossEntropy(tf, labels, logits) // the trainer's loss (src/train/trainer.ts)
      : (logits) => tf.losses.softmaxCrossEntropy(labels, logits);
  const step = () => optimizer.minimize(() => lossOf(model.apply(x, { training: true })), true);
  const before = convGradCounts();
  const bnBefore = fusedBatchNormCalls();
  const convBefore = convLayerCounts().calls;
  const ceBefore = fusedSoftmaxCrossEntropyCalls();

  let warmMs = 0;
  for (let i = 0; i < WARMUP_STEPS; i++) {
    const t0 = performance.now();
    const cost = step();
    await cost.data();
    cost.dispose();
    warmMs = performance.now() - t0;
  }
  const steps = Math.max(MIN_STEPS, Math.min(MAX_STEPS, Math.ceil(TARGET_TIMED_MS / Math.max(warmMs, 1))));
  dispatches = 0;
  const inPlaceBefore = adamInPlaceCalls();
  const uploadsBefore = smallUploadCount();
  const profiling = PROFILE_ONLY.includes(`${presetName}:${size}:${batch}:${variant}`);
  if (profiling) await inspectorPost('Profiler.start');
  const t0 = performance.now();
  let last;
  for (let i = 0; i < steps; i++) {
    last?.dispose();
    last = step();
  }
  const loss = (await last.data())[0];
  last.dispose();
  const elapsedMs = performance.now() - t0;
  // In-place Adam records its own dispatch, past recordAndSubmit.
  const dispatchesPerStep = (dispatches + adamInPlaceCalls() - inPlaceBefore) / steps;
  const smallUploadsPerStep = (smallUploadCount() - uploadsBefore) / steps;
  if (profiling) {
    const { profile: cpuProfile } = await inspectorPost('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${presetName}-${size}-${batch}-${variant.replace('@', '-')}.cpuprofile`), JSON.stringify(cpuProfile));
  }
  const profile = await profileStep(step);
  const after = convGradCounts();
  const ran = after.wgsl > before.wgsl ? 'ours' : after.ours > before.ours ? 'ops' : 'stock';
  if (ran !== (mode === 'prev' || isOurs(mode) ? 'ours' : mode)) throw new Error(`bench:gpu: mode ${mode} but ${ran} ran`);
  const bnRan = fusedBatchNormCalls() > bnBefore;
  if (!isSegmentation(presetName) && (fusedSoftmaxCrossEntropyCalls() > ceBefore) !== (mode === 'ours')) throw new Error(`bench:gpu: mode ${mode} but the fused cross-entropy ${mode === 'ours' ? 'did not run' : 'ran'}`);
  if ((convLayerCounts().calls > convBefore) !== (mode === 'ours')) throw new Error(`bench:gpu: mode ${mode} but convLayer.ts ${mode === 'ours' ? 'did not run' : 'ran'}`);
  const hasBatchNorm = model.layers.some((layer) => layer.getClassName() === 'BatchNormalization');
  if (hasBatchNorm && bnRan !== isOurs(mode)) throw new Error(`bench:gpu: mode ${mode} but the fused batch norm ${bnRan ? 'ran' : 'did not run'}`);

  optimizer.dispose();
  model.dispose();
  tf.dispose([x, labels]);
  return { samplesPerS: (steps * batch * 1000) / elapsedMs, stepMs: elapsedMs / steps, steps, loss, profile, dispatchesPerStep, smallUploadsPerStep };
}

const torch = measureTorch(MODELS.flatMap(({ preset }) => SIZES.flatMap((size) => BATCHES.map((batch) => ({ preset, size, batch })))));
console.log(`pytorch: ${torch.note}`);
const rows = [];
for (const { preset, name } of MODELS) {
  for (const size of SIZES) {
    for (const batch of BATCHES) {
      const results = {};
      for (const mode of MODES) results[mode] = await measure(preset, size, batch, mode);
      const { stock, ours, ops } = results;
      const row = { model: name, preset, size, batch, date: new Date().toISOString() };
      for (const [mode, r] of Object.entries(results)) {
        row[`${mode}_samples_per_s`] = round(r.samplesPerS, 1);
        row[`${mode}_step_ms`] = round(r.stepMs);
      }
      const reference = torch.rows.get(`${preset}:${size}:${batch}`);
      row.pytorch_samples_per_s = reference ? round(reference.samples_per_s, 1) : null;
      row.pytorch_step_ms = reference ? round(reference.step_ms, 3) : null;
      for (const [mode, r] of Object.entries(results)) {
        row[`${mode}_dispatches_per_step`] = round(r.dispatchesPerStep, 1);
        row[`${mode}_small_uploads_per_step`] = round(r.smallUploadsPerStep, 1);
        row[`${mode}_vs_pytorch`] = reference ? round(r.samplesPerS / reference.samples_per_s, 3) : null;
      }
      if (stock && ours) row.speedup = round(ours.samplesPerS / stock.samplesPerS);
      if (stock && ops) row.ops_speedup = round(ops.samplesPerS / stock.samplesPerS);
      row.timed_steps = Object.fromEntries(Object.entries(results).map(([mode, r]) => [mode, r.steps]));
      for (const [mode, r] of Object.entries(results)) row[`${mode}_profile`] = r.profile;
      rows.push(row);
      console.log(
        `${name} ${size}x${size} batch ${batch}: ` +
          Object.entries(results).map(([mode, r]) => `${mode} ${round(r.samplesPerS, 1)} samples/s (${round(r.stepMs)} ms/step)`).join(', ') +
          (row.speedup ? `; ours x${row.speedup}` : '') +
          (reference ? `; pytorch ${round(reference.samples_per_s, 1)} samples/s, ours/pytorch ${row.ours_vs_pytorch ?? '-'}` : ''),
      );
      for (const [mode, r] of Object.entries(results)) {
        console.log(`  ${mode.padEnd(5)} GPU ${r.profile.kernel_ms_total} ms: ${r.profile.kernels.map((k) => `${k.kernel} ${k.ms}`).join(', ')}`);
      }
    }
  }
}

const slug = (adapterInfo.vendor || adapterInfo.description || 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const report = {
  adapter: adapterInfo,
  backend: tf.getBackend(),
  tfjs: tf.version.tfjs,
  node: process.version,
  date: new Date().toISOString(),
  method:
    'Adam, softmax cross-entropy (small-unet: the trainer\'s per-pixel softmax cross-entropy, src/train/segmentation.ts, 4 classes per pixel), random data; per configuration a fresh model, ' +
    `${WARMUP_STEPS} warm-up steps, then ~${TARGET_TIMED_MS} ms of steps queued back to back and one read-back at the end; ` +
    'profile: tf.profile of one more step, GPU time per kernel from timestamp queries (ours includes every program it runs). ' +
    'Modes: stock = tfjs 4.22 kernels and tf.train.adam; ours = what the trainer runs on WebGPU: our Conv2DBackpropFilter in WGSL, our fused batch norm (training), GPU dropout mask, one-program ReLU gradient, our fused Adam update (one in-place dispatch per variable), Conv2D layers through convLayer.ts (no input gradient for the first convolution; at stride 1 on large tensors the input gradient as a forward convolution with the flipped filter) and the trainer\'s softmax cross-entropy (two WebGPU programs, kernels/softmaxCrossEntropy.ts); prior = ours before 2026-11-26 03:00 (tf.fused.conv2d\'s gradient, tfjs\'s softmax cross-entropy); prev = ours before issue 16 (no batch-norm, dropout or ReLU kernels; Adam as 3 programs per variable); ops = our op-composed filter gradient (per-tap matMul) with tf.train.adam. ' +
    'pytorch_samples_per_s: bench/gpu/torch_models.py in the same run on the same host (the same networks, rebuilt from the tfjs layer list, fp32 with TF32 off, eager, Adam, steady state after warm-up), null without torch; <mode>_vs_pytorch = ratio.',
  pytorch: torch.note,
  rows,
};
mkdirSync(OUT_DIR, { recursive: true });
const file = join(OUT_DIR, `gpu-${slug}.json`);
// BENCH_MERGE=1: keep the file's rows this run did not measure (same model, px and batch: replaced).
if (process.env.BENCH_MERGE === '1' && existsSync(file)) {
  const { mergeReports } = await import('./merge.mjs');
  report.rows = mergeReports(JSON.parse(readFileSync(file, 'utf8')), report).rows;
}
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${file}`);
process.exit(0);
