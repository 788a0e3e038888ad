// `npm run bench`: every workload of issue #5, then bench/results/latest.json and the generated
// part of BENCHMARKS.md. Node entries are TypeScript: they are bundled with rolldown into
// bench/tmp/ (git-ignored) and run as plain ES modules.
//
// Environment: BENCH_SECONDS (timed seconds per candidate, default 2), BENCH_SKIP_BROWSER=1,
// BENCH_ONLY=node,masks,mix,policy,pool,training,preview,uitrain,scale,series,tta (a subset: the rest is kept from the previous latest.json;
// tta = time to accuracy, bench/time-to-accuracy.mjs, with its TTA_* options),
// BENCH_BROWSER_JSON (a saved stdout of bench/browser.mjs, used instead of running it),
// PYTHON (default /usr/bin/python3, Debian's, where python3-opencv installs cv2).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { targets, writeReport } from './report.mjs';
import { seriesBench } from './series.mjs';
import { timeToAccuracy } from './time-to-accuracy.mjs';
import { log } from './serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TMP = join(ROOT, 'bench', 'tmp');
const IMAGES_DIR = join(TMP, 'images');
const RESULTS = join(ROOT, 'bench', 'results', 'latest.json');
const REPORT = join(ROOT, 'BENCHMARKS.md');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
/** Runs a command; returns its stdout's last line parsed as JSON, or throws with its stderr. */
function runJson(command, args, env = {}) {
  const res = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${res.status}`);
  const lines = res.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

async function bundle(entry) {
  const file = join(TMP, entry.replace(/\.ts$/, '.mjs'));
  await build({ input: join(ROOT, 'bench', entry), platform: 'node', logLevel: 'warn', output: { format: 'esm', file } });
  return file;
}

function nodeWorkload() {
  return bundle('node-s1.ts').then((file) => runJson(process.execPath, [file], { IMAGES_DIR, BENCH_SECONDS: String(SECONDS) }));
}

/** Issue 15: worker batches of S1 with vs without mixUp / cutMix, 64 and 224 px, in Node. */
function batchMixWorkload() {
  return bundle('batch-mix.ts').then((file) => runJson(process.execPath, [file], { BENCH_SECONDS: String(SECONDS) }));
}

/** Issue 13: worker batches of S1 with vs without masks, 64 and 224 px, in Node. */
function maskWorkload() {
  return bundle('mask-batch.ts').then((file) => runJson(process.execPath, [file], { BENCH_SECONDS: String(SECONDS) }));
}

/** Issue 15: RandAugment(2, 9) fused vs op by op, 64 and 224 px, in Node (bench/policy.ts), and in OpenCV + NumPy (bench/policy_opencv.py). */
async function policyWorkload() {
  const file = await bundle('policy.ts');
  const rows = runJson(process.execPath, [file], { IMAGES_DIR, BENCH_SECONDS: String(SECONDS) }).policy;
  let cv = { opencv_images_per_s: null, note: `not measured: ${PYTHON} not found (apt-get install python3-opencv)` };
  if (existsSync(PYTHON)) {
    try {
      cv = runJson(PYTHON, [join(ROOT, 'bench', 'policy_opencv.py'), IMAGES_DIR, String(SECONDS)]);
    } catch (error) {
      cv = { opencv_images_per_s: null, note: `not measured: ${error.message}` };
    }
  }
  return rows.map((row) => ({
    ...row,
    opencv_images_per_s: cv.opencv_images_per_s?.[String(row.size)] ?? null,
    opencv_images_per_cpu_s: cv.opencv_images_per_cpu_s?.[String(row.size)] ?? null,
    ...(cv.note ? { opencv_note: cv.note } : { opencv_version: cv.opencv_version }),
  }));
}

function opencvWorkload() {
  if (!existsSync(PYTHON)) return { opencv_images_per_s: null, note: `not measured: ${PYTHON} not found (apt-get install python3-opencv)` };
  try {
    return runJson(PYTHON, [join(ROOT, 'bench', 's1_opencv.py'), IMAGES_DIR, String(SECONDS)]);
  } catch (error) {
    return { opencv_images_per_s: null, note: `not measured: ${error.message}` };
  }
}

function browserWorkloads(only) {
  const skipped = (why) => ({
    browser: null,
    pool: { size: null, workers_default: null, images_per_s_by_workers: null, main_thread_images_per_s: null, tfjs_ops_images_per_s: null, note: why },
    training: [],
    training_note: why,
    ui: { preview_p50_ms: null, preview_p95_ms: null, longest_task_ms: null, note: why },
  });
  if (process.env.BENCH_SKIP_BROWSER === '1') return skipped('not measured: BENCH_SKIP_BROWSER=1');
  // A saved `node bench/browser.mjs` result (its stdout), instead of running it again.
  if (process.env.BENCH_BROWSER_JSON) return JSON.parse(readFileSync(process.env.BENCH_BROWSER_JSON, 'utf8'));
  try {
    return runJson(process.execPath, [join(ROOT, 'bench', 'browser.mjs'), String(SECONDS)], only ? { BENCH_ONLY: only } : {});
  } catch (error) {
    return skipped(`not measured: the browser run failed (${error.message})`);
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load_average_at_start: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

/** BENCH_ONLY: a comma-separated subset of node, masks, mix, policy, pool, training, preview, uitrain, scale, series, tta; the rest is kept from the previous latest.json. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const runs = (part) => !ONLY || ONLY.has(part);

/** Keys of `ui` that belong to each part of the browser run. */
const UI_TRAIN_KEYS = ['longest_task_ms', 'longest_task_ms_by_backend', 'long_tasks_attributed_by_backend', 'longest_task_cpu_ms_by_backend', 'long_tasks_traced_by_backend', 'train_click_longest_task_ms', 'train_click_longest_task_cpu_ms', 'auto_start', 'long_tasks_training', 'long_tasks_training_ms', 'longest_task_ms_epoch1', 'training_window_s', 'training_backend', 'training_model', 'training_pipeline', 'training_status_at_end', 'training_readout_at_end', 'longest_task_note'];

async function main() {
  mkdirSync(TMP, { recursive: true });
  if (runs('series')) {
    log(`bench: S2 time series in Node and NumPy (${SECONDS} s per candidate and length)`);
    await seriesBench({ bundle, seconds: SECONDS, python: PYTHON, root: ROOT });
  }
  if (runs('tta')) {
    log('bench: time to accuracy (digits, shapes; scikit-learn baselines on the same split)');
    await timeToAccuracy();
  }
  // S2 writes its own results (bench/results/s2-series.json); time to accuracy writes its own keys of latest.json: alone, they leave the rest as it is.
  if (ONLY && [...ONLY].every((part) => part === 'series' || part === 'tta')) return;
  const started = new Date().toISOString();
  const host = machine();
  const previous = ONLY && existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : null;
  if (ONLY && !previous) throw new Error('BENCH_ONLY needs a previous bench/results/latest.json to complete');
  let s1;
  let opencv;
  if (runs('node')) {
    log(`bench: S1 in Node (${SECONDS} s per candidate and size)`);
    const node = await nodeWorkload();
    log('bench: S1 in OpenCV');
    opencv = opencvWorkload();
    const cv = opencv.opencv_images_per_s;
    const cvCpu = opencv.opencv_images_per_cpu_s;
    s1 = node.s1_node.map((row) => ({
      ...row,
      opencv_images_per_s: cv ? (cv[String(row.size)] ?? null) : null,
      opencv_images_per_cpu_s: cvCpu ? (cvCpu[String(row.size)] ?? null) : null,
    }));
  } else {
    s1 = previous.s1_node;
    opencv = previous.opencv;
  }
  let maskBatches = previous?.mask_batches ?? null;
  if (runs('masks')) {
    log(`bench: batches with and without masks in Node (${SECONDS} s per candidate and size)`);
    maskBatches = (await maskWorkload()).mask_batches;
  }
  let batchMix = previous?.batch_mix ?? null;
  if (runs('mix')) {
    log(`bench: batches with and without mixUp / cutMix in Node (${SECONDS} s per candidate and size)`);
    batchMix = (await batchMixWorkload()).batch_mix;
  }
  let policy = previous?.policy ?? null;
  if (runs('policy')) {
    log(`bench: RandAugment(2, 9) fused vs op by op in Node (${SECONDS} s per candidate and size)`);
    policy = await policyWorkload();
  }
  let web;
  const browserParts = ['pool', 'training', 'preview', 'uitrain', 'scale'].filter(runs);
  if (browserParts.length) {
    log('bench: Chromium');
    web = browserWorkloads(ONLY ? browserParts.join(',') : undefined);
  }
  if (previous) {
    const fresh = web ?? { ui: {} };
    const ui = { ...previous.ui };
    if (runs('uitrain')) for (const k of UI_TRAIN_KEYS) delete ui[k];
    // A preview rerun replaces every preview key (a failed run's note must not outlive a good one).
    if (runs('preview')) for (const k of Object.keys(ui)) if (!UI_TRAIN_KEYS.includes(k)) delete ui[k];
    const freshUi = Object.fromEntries(Object.entries(fresh.ui ?? {}).filter(([k]) => (UI_TRAIN_KEYS.includes(k) ? runs('uitrain') : runs('preview'))));
    web = {
      browser: fresh.browser ?? previous.browser,
      tfjs_version: fresh.tfjs_version ?? previous.tfjs_version,
      pool: runs('pool') ? fresh.pool : previous.pool,
      training: runs('training') ? fresh.training : previous.training,
      training_runs: runs('training') ? fresh.training_runs : previous.training_runs,
      training_note: runs('training') ? fresh.training_note : previous.training_note,
      ui: { ...ui, ...freshUi },
      scale: runs('scale') ? fresh.scale : previous.scale,
      backend_auto: runs('scale') ? fresh.backend_auto : previous.backend_auto,
      page_errors: [...(previous.page_errors ?? []), ...(fresh.page_errors ?? [])],
    };
  }
  const result = {
    date: previous ? previous.date : started,
    ...(previous ? { updated: [...(previous.updated ?? []), { date: started, parts: [...ONLY], load_average_at_start: host.load_average_at_start }] } : {}),
    machine: previous ? previous.machine : host,
    node: process.version,
    browser: web.browser,
    backend: web.pool.tfjs_ops_backend ? `tfjs ${web.pool.tfjs_ops_backend} (tfjs-ops baseline)` : null,
    tfjs_version: web.tfjs_version ?? null,
    method: `best of 7 interleaved rounds, ${SECONDS} s per candidate; images/s by wall clock, and per CPU-second of the process (less disturbed by other load)`,
    s1_node: s1,
    opencv: { ...opencv, opencv_images_per_s: undefined, opencv_images_per_cpu_s: undefined },
    mask_batches: maskBatches,
    batch_mix: batchMix,
    policy,
    pool: web.pool,
    training: web.training,
    training_runs: web.training_runs ?? [],
    training_note: web.training_note,
    ui: web.ui,
    backend_auto: web.backend_auto ?? null,
    scale: web.scale ?? null,
    page_errors: web.page_errors ?? [],
  };
  result.targets = targets(s1, web.pool, web.training, web.ui);
  // Keys time to accuracy wrote (this run, above, or an earlier one) stay as they are on disk.
  const onDisk = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  for (const [k, v] of Object.entries(onDisk)) if (k.startsWith('time_to_accuracy')) result[k] = v;
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + '\n');
  writeReport(result, REPORT);
  log(`bench: wrote ${RESULTS} and ${REPORT}`);
}

main().catch((error) => {
  log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
