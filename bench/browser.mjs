// Workloads 2-4 in Chromium: builds the bench page (bench/vite.config.ts) into dist-bench/, serves
// it with `vite preview`, drives Debian's Chromium through playwright-core and runs each
// measurement through the page's window.augplayBench hook (workload 2: baselines and the real
// worker pool and loader of src/workers). Workload 4 builds the app itself into dist-bench-app/,
// serves it on its own port and drives the real UI (the preview's "Variants" and a step's slider),
// reading the preview's latencies through the app's ?bench hook (src/main.tsx). Both record a
// Chromium trace (per-thread wall and CPU time, main-thread time by trace event) and, for the
// preview, a V8 CPU profile: the "where the time goes" of BENCHMARKS.md. Workload 3 trains the
// app's Trainer on the bench page (bench/page/training.ts), one page load per tfjs backend, ideal
// and fed; workload 4's "longest task during training" trains in the built app through its UI.
// Prints one JSON object.
//
// Usage: node bench/browser.mjs [seconds per candidate]
// Environment: BENCH_ONLY (pool,training,preview,uitrain), BENCH_PORT, BENCH_APP_PORT,
// BENCH_OUT_DIR, BENCH_APP_OUT_DIR, BENCH_TRAIN_BACKENDS, BENCH_TRAIN_MODELS,
// BENCH_TRAIN_VARIANT_TIMEOUT_S, BENCH_TRAIN_SLOW=1, BENCH_UI_TRAIN_MODEL, BENCH_UI_TRAIN_WINDOW_S.

import { spawn, execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { log, waitForServer } from './serve.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4341);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4351);
const APP_OUT_DIR = process.env.BENCH_APP_OUT_DIR ?? 'dist-bench-app';
const SECONDS = Number(process.argv[2] ?? 2);
/** Image size of workload 2, in pixels per side: the app's working size. */
const POOL_SIZE_PX = 64;
/** Further sizes for the pool (224: what ImageNet-sized models take). */
const POOL_EXTRA_SIZES_PX = [224];
/** Images per batch the loader delivers (as the tfjs baseline's batches). */
const POOL_BATCH = 32;
/** Workload 4: slider changes timed, variants shown (the app's working size is 64 px). */
const PREVIEW_CHANGES = Number(process.env.BENCH_PREVIEW_CHANGES ?? 40);
const PREVIEW_VARIANTS = '16';
/** tfjs backends tried for the tfjs-ops baseline; the fastest is the headline figure. */
const TFJS_BACKENDS = ['webgpu', 'webgl', 'cpu'];
const VITE = ['vite', '--config', 'bench/vite.config.ts'];
/** Parts of the browser run (comma-separated): pool (workload 2), training (3), preview and uitrain (4). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'pool,training,preview,uitrain').split(','));




async function serve(args, env, port) {
  const server = spawn('npx', ['vite', 'preview', ...args, '--port', String(port), '--strictPort'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    await waitForServer(`http://localhost:${port}/`, 30_000, 'the bench page server');
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}

const percentile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null;
};
const round1 = (v) => (v == null ? null : Math.round(v * 10) / 10);

/**
 * Runs `fn` under a Chromium trace; returns its value and, per renderer thread (main, workers),
 * the wall time of its top-level tasks and their CPU time (the trace's thread duration), plus the
 * main thread's self time by trace event: a profile that says whether a thread waited for a core.
 */
async function traced(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'] },
  });
  const started = Date.now();
  let value;
  try {
    value = await fn();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  const windowMs = Date.now() - started;
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const mainKey = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  const rendererPid = mainKey?.split(':')[0];
  const threads = new Map();
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || String(e.pid) !== rendererPid) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const selfByName = new Map();
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let wall = 0;
    let cpu = 0;
    let tasks = 0;
    let longest = 0;
    let end = -Infinity;
    for (const e of list) {
      const dur = e.dur ?? 0;
      if (e.ts < end) continue; // nested in the current top-level task
      // a top-level task
      end = e.ts + dur;
      wall += dur;
      cpu += e.tdur ?? 0;
      tasks++;
      longest = Math.max(longest, dur);
    }
    threads.set(key, { thread: names.get(key) ?? key, tasks, busy_ms: round1(wall / 1000), cpu_ms: round1(cpu / 1000), longest_task_ms: round1(longest / 1000) });
  }
  // Self time per event name on the main thread (second pass, children now counted).
  if (mainKey && byThread.has(mainKey)) {
    const stack = [];
    const finish = (f) => selfByName.set(f.name, (selfByName.get(f.name) ?? 0) + Math.max(0, f.dur - f.child));
    for (const e of byThread.get(mainKey)) {
      const dur = e.dur ?? 0;
      while (stack.length && stack[stack.length - 1].end <= e.ts) finish(stack.pop());
      const parent = stack[stack.length - 1];
      if (parent) parent.child += dur;
      stack.push({ name: e.name, end: e.ts + dur, dur, child: 0 });
    }
    while (stack.length) finish(stack.pop());
  }
  const relevant = [...threads.values()].filter((t) => t.thread === 'CrRendererMain' || /Worker/.test(t.thread));
  const mainSelf = [...selfByName].filter(([n]) => n !== 'ThreadControllerImpl::RunTask' && n !== 'RunTask').sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, us]) => ({ event: name, self_ms: round1(us / 1000) }));
  return { value, trace: { window_ms: windowMs, threads: relevant, main_thread_self_time_top: mainSelf } };
}

/** Self time by JS function of a V8 CPU profile (the main thread), the top `n`. */
function profileTop(profile, n = 12) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const f = node.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    const key = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([fn, us]) => ({ function: fn, self_ms: round1(us / 1000), share: Math.round((us / total) * 1000) / 1000 }));
}

/** Rounds per worker count, interleaved; the best is the figure (as measureRounds does on one thread). */
const POOL_ROUNDS = 5;

/**
 * Workload 2, the pool: the real DataEngine/loader at each size, best of interleaved rounds; then
 * one traced round per worker count (not counted in the figures: tracing costs time), which gives
 * each worker thread's busy and CPU time, hence images per worker CPU-second and the share of a
 * core the workers actually got on this shared machine.
 */
async function poolWorkload(page) {
  const roundMs = (size) => Math.round((size <= 64 ? 700 : 1500) * Math.max(1, SECONDS / 2));
  const bySize = [];
  for (const size of [POOL_SIZE_PX, ...POOL_EXTRA_SIZES_PX]) {
    log(`browser: workload 2 pool at ${size} px`);
    const { workers, workers_default } = await page.evaluate(([s, b]) => window.augplayBench.openPools(s, b, [1, 2, Math.max(1, navigator.hardwareConcurrency - 1)]), [size, POOL_BATCH]);
    const rounds = Object.fromEntries(workers.map((w) => [w, []]));
    for (let r = 0; r < POOL_ROUNDS; r++) {
      for (const w of workers) rounds[w].push(await page.evaluate(([w, b, ms]) => window.augplayBench.poolRoundOf(w, b, ms), [w, POOL_BATCH, roundMs(size)]));
    }
    const rate = (x) => (x.images * 1000) / x.ms;
    const best = (list) => list.reduce((a, b) => (rate(b) > rate(a) ? b : a));
    const traces = {};
    for (const w of workers) {
      const { value, trace } = await traced(page, () => page.evaluate(([w, b, ms]) => window.augplayBench.poolRoundOf(w, b, ms), [w, POOL_BATCH, roundMs(size)]));
      const pool = trace.threads.filter((t) => t.thread === 'DedicatedWorker thread' && t.busy_ms > 0.05 * value.ms);
      const cpu = pool.reduce((a, t) => a + t.cpu_ms, 0);
      const busy = pool.reduce((a, t) => a + t.busy_ms, 0);
      traces[w] = {
        images_per_s: rate(value),
        images_per_worker_cpu_s: cpu > 0 ? (value.images * 1000) / cpu : null,
        worker_busy_fraction: round1((busy / (value.ms * w)) * 100) / 100,
        worker_cpu_per_busy: busy > 0 ? Math.round((cpu / busy) * 100) / 100 : null,
        ...trace,
      };
    }
    await page.evaluate(() => window.augplayBench.closePools());
    const r = {
      size,
      batch: POOL_BATCH,
      workers_default,
      images_per_s_by_workers: Object.fromEntries(workers.map((w) => [String(w), rate(best(rounds[w]))])),
      wait_fraction_by_workers: Object.fromEntries(workers.map((w) => [String(w), best(rounds[w]).waitMs / best(rounds[w]).ms])),
      rounds_images_per_s_by_workers: Object.fromEntries(workers.map((w) => [String(w), rounds[w].map((x) => Math.round(rate(x)))])),
      traced_round_by_workers: traces,
    };
    log(`browser: pool ${size} px: ${Object.entries(r.images_per_s_by_workers).map(([w, v]) => `${w} worker(s) ${v.toFixed(0)}/s (traced: ${traces[w].images_per_worker_cpu_s?.toFixed(0)}/worker CPU-s, CPU/busy ${traces[w].worker_cpu_per_busy})`).join(', ')}`);
    bySize.push(r);
  }
  return { bySize };
}

/** Workload 3: tfjs backends tried, in the app's order; each gets a fresh page (one backend per page load). */
const TRAIN_BACKENDS = (process.env.BENCH_TRAIN_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',');
const TRAIN_MODELS = (process.env.BENCH_TRAIN_MODELS ?? 'mlp,cnn-small').split(',');
const TRAIN_BATCH = 32;
/**
 * Steps per model: warm-up steps not counted, then up to `steps` counted or `maxSeconds` of them
 * (at least `minSteps`). SwiftShader and the JS CPU backend train the CNN slowly, so its windows
 * are short, and a (backend, model) whose variants do not finish within TRAIN_VARIANT_TIMEOUT_S
 * is recorded as null with the step times it reached.
 */
const PLANS = {
  mlp: { model: 'mlp', batchSize: TRAIN_BATCH, warmup: 3, steps: 20, maxSeconds: 6, minSteps: 5 },
  'cnn-small': { model: 'cnn-small', batchSize: TRAIN_BATCH, warmup: 2, steps: 12, maxSeconds: 12, minSteps: 3 },
};
const TRAIN_VARIANT_TIMEOUT_S = Number(process.env.BENCH_TRAIN_VARIANT_TIMEOUT_S ?? 40);
/**
 * BENCH_TRAIN_SLOW=1: the small CNN on SwiftShader (webgpu, webgl) and the JS CPU backend too, at
 * 1 warm-up + 2 counted steps per variant and up to 110 s each (many minutes in all; not the default).
 */
const TRAIN_SLOW = process.env.BENCH_TRAIN_SLOW === '1';
const SLOW_BACKENDS = ['webgpu', 'webgl', 'cpu'];
const planFor = (backend, model) =>
  TRAIN_SLOW && model === 'cnn-small' && SLOW_BACKENDS.includes(backend) ? { ...PLANS[model], warmup: 1, steps: 2, minSteps: 2, maxSeconds: 0, timeoutS: 110 } : { ...PLANS[model], timeoutS: TRAIN_VARIANT_TIMEOUT_S };

async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function trainingRow(backend, plan, ideal, fed, idealRuns) {
  return {
    backend,
    model: plan.model,
    ideal_samples_per_s: ideal.samples_per_s,
    fed_samples_per_s: fed.samples_per_s,
    wait_fraction: fed.wait_fraction,
    fed_over_ideal: fed.samples_per_s / ideal.samples_per_s,
    batch_size: plan.batchSize,
    size_px: 64,
    params: fed.params,
    warmup_steps: plan.warmup,
    ideal_steps: ideal.steps,
    fed_steps: fed.steps,
    ideal_samples_per_s_runs: idealRuns.map((r) => r.samples_per_s),
    ideal_wall_samples_per_s: ideal.wall_samples_per_s,
    fed_wall_samples_per_s: fed.wall_samples_per_s,
    ideal_wait_fraction: ideal.wait_fraction,
    ideal_step_ms_median: ideal.step_ms_median,
    fed_step_ms_median: fed.step_ms_median,
    fed_step_ms_max: fed.step_ms_max,
    fed_wait_ms_total: fed.wait_ms_total,
    fed_compute_ms_total: fed.compute_ms_total,
    ideal_compute_ms_total: ideal.compute_ms_total,
    warmup_ms: { ideal: idealRuns[0].warmup_ms, fed: fed.warmup_ms },
    longest_task_ms: Math.max(fed.longest_task_ms, ...idealRuns.map((r) => r.longest_task_ms)),
    longest_task_ms_fed: fed.longest_task_ms,
    long_tasks_fed: fed.long_tasks,
  };
}

/**
 * Workload 3 on the bench page (bench/page/training.ts): per backend one page load; per model the
 * app's Trainer ideal, then fed, then ideal again when time allows (the ideal figure is the better
 * of the two, so the order does not favour fed). Each call has its own time limit; on a timeout the
 * row is null with the step times reached, and the backend's page is dropped.
 */
async function trainingWorkload(browser, url) {
  const rows = [];
  const runs = [];
  for (const backend of TRAIN_BACKENDS) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    log(`browser: workload 3 on ${backend}`);
    const started = Date.now();
    const run = { backend };
    runs.push(run);
    const models = TRAIN_MODELS.map((m) => planFor(backend, m));
    const nullRow = (plan, why) => ({ backend, model: plan.model, ideal_samples_per_s: null, fed_samples_per_s: null, wait_fraction: null, batch_size: plan.batchSize, size_px: 64, note: `not measured: ${why}` });
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.augplayBench?.ready === true, null, { timeout: 60_000 });
      Object.assign(run, await withTimeout(page.evaluate(([b, conv]) => window.augplayBench.trainingOpen(b, conv), [backend, models.some((p) => p.model !== 'mlp')]), 90_000, `starting ${backend}`));
      let broken = null;
      for (const plan of models) {
        if (broken) {
          rows.push(nullRow(plan, broken));
          continue;
        }
        const variant = (v) => withTimeout(page.evaluate(([p, v]) => window.augplayBench.trainingVariant(p, v), [plan, v]), plan.timeoutS * 1000, `${plan.model} ${v} on ${backend}`);
        const t0 = Date.now();
        try {
          const ideal1 = await variant('ideal');
          const fed = await variant('fed');
          const idealRuns = [ideal1];
          if (Date.now() - t0 < TRAIN_VARIANT_TIMEOUT_S * 1000) idealRuns.push(await variant('ideal'));
          else log(`browser: ${backend} ${plan.model}: no second ideal run (over ${TRAIN_VARIANT_TIMEOUT_S} s already)`);
          const ideal = idealRuns.reduce((a, b) => (b.samples_per_s > a.samples_per_s ? b : a));
          const row = trainingRow(run.backend, plan, ideal, fed, idealRuns);
          rows.push(row);
          log(`browser: ${row.backend} ${row.model}: ideal ${row.ideal_samples_per_s.toFixed(1)}/s (${row.ideal_samples_per_s_runs.map((v) => v.toFixed(1)).join(', ')}), fed ${row.fed_samples_per_s.toFixed(1)}/s, wait ${(row.wait_fraction * 100).toFixed(1)}%, steps ${row.ideal_steps}/${row.fed_steps}, median step ${row.ideal_step_ms_median.toFixed(0)}/${row.fed_step_ms_median.toFixed(0)} ms, longest task ${row.longest_task_ms.toFixed(0)} ms`);
        } catch (error) {
          const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
          const reached = await withTimeout(page.evaluate(() => ({ ...window.augplayBench.trainingProgress })), 5_000, 'reading progress').catch(() => null);
          const detail = reached ? `; ${reached.variant} had done ${reached.stepsMs.length} step(s)${reached.stepsMs.length ? ` of ${reached.stepsMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}` : ''}` : '; the page did not answer (a step was still running)';
          log(`browser: workload 3 ${backend} ${plan.model}: ${why}${detail}`);
          rows.push(nullRow(plan, `${why}${detail}`));
          broken = `skipped: the previous model on ${backend} timed out`;
        }
      }
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`browser: workload 3 on ${backend} failed: ${why}`);
      run.error = why;
      for (const plan of models) if (!rows.some((r) => r.backend === backend && r.model === plan.model)) rows.push(nullRow(plan, why));
    } finally {
      run.seconds = Math.round((Date.now() - started) / 1000);
      // A page stuck in a CPU-backend step does not answer: closing it ends its renderer.
      await withTimeout(page.close(), 20_000, 'closing the page').catch(() => {});
    }
    if (errors.length) run.page_errors = errors;
  }
  return { rows, runs };
}

/** Workload 4: the built app, driven through its UI. */
async function previewWorkload(browser) {
  const stop = await serve([], { AUGPLAY_OUT_DIR: APP_OUT_DIR }, APP_PORT);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://localhost:${APP_PORT}/?bench`);
    const preview = page.getByRole('region', { name: 'Preview' });
    const grid = preview.getByRole('list', { name: 'Variants' });
    const count = () => page.evaluate(() => window.augplayBench.previewLatenciesMs.length);
    const settled = async (before) => {
      await page.waitForFunction((n) => window.augplayBench.previewLatenciesMs.length > n, before, { timeout: 60_000 });
      await grid.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 60_000 });
    };
    await grid.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 120_000 });
    let before = await count();
    await preview.getByRole('combobox', { name: 'Variants' }).selectOption(PREVIEW_VARIANTS);
    await settled(before);
    await preview.getByRole('img', { name: `Variant ${PREVIEW_VARIANTS}`, exact: true }).waitFor();
    const rotate = page.getByRole('region', { name: 'Pipeline' }).getByRole('group', { name: 'Step 2: Rotate' });
    const slider = rotate.getByRole('slider', { name: 'degrees maximum' });
    // Warm-up edits (JIT, canvases), not counted.
    for (let i = 0; i < 5; i++) {
      before = await count();
      await slider.fill(String(20 + i));
      await settled(before);
    }
    await page.evaluate(() => {
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__benchLongTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const first = await count();
    const { trace } = await traced(page, async () => {
      await cdp.send('Profiler.start');
      for (let i = 0; i < PREVIEW_CHANGES; i++) {
        before = await count();
        // 16..45 degrees and back: every change is a new pipeline.
        await slider.fill(String(16 + (i % 30)));
        await settled(before);
      }
    });
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    const latencies = await page.evaluate((from) => window.augplayBench.previewLatenciesMs.slice(from), first);
    const longTasks = await page.evaluate(() => window.__benchLongTasks);
    return {
      preview_p50_ms: percentile(latencies, 0.5),
      preview_p95_ms: percentile(latencies, 0.95),
      preview_max_ms: Math.max(...latencies),
      preview_changes: latencies.length,
      preview_variants: Number(PREVIEW_VARIANTS),
      preview_latencies_ms: latencies.map(round1),
      longest_task_ms_preview: longTasks.length ? Math.max(...longTasks) : 0,
      long_tasks_preview: longTasks.length,
      preview_trace: trace,
      preview_profile_top: profileTop(profile),
      page_errors: pageErrors,
    };
  } finally {
    await context.close();
    stop();
  }
}

/** The app's model for the long-task run: the MLP (an epoch of the small CNN on SwiftShader WebGPU takes minutes). */
const UI_TRAIN_MODEL = process.env.BENCH_UI_TRAIN_MODEL ?? 'mlp';
const UI_TRAIN_BACKEND = 'webgpu';
/** Seconds observed after epoch 1 ends (or until the run finishes). */
const UI_TRAIN_WINDOW_S = Number(process.env.BENCH_UI_TRAIN_WINDOW_S ?? 20);

function buildApp() {
  log(`browser: building the app into ${APP_OUT_DIR}/`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { env: { ...process.env, AUGPLAY_OUT_DIR: APP_OUT_DIR }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Workload 4's "longest task during training after the first epoch": the built app with S1 as its
 * pipeline (localStorage 'augplay.pipeline', read at start-up), WebGPU forced (?backend=webgpu),
 * trained through its UI (Model, Epochs, Batch size, Train), so the charts and readouts redraw as
 * they do for a user. A PerformanceObserver('longtask') runs from the page's start; the tasks that
 * start after the status first reads "epoch 2" count, for UI_TRAIN_WINDOW_S or until the end.
 */
async function trainingLongTasks(browser, s1Json) {
  const stop = await serve([], { AUGPLAY_OUT_DIR: APP_OUT_DIR }, APP_PORT);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript((pipeline) => {
      window.localStorage.setItem('augplay.pipeline', pipeline);
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    }, s1Json);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://localhost:${APP_PORT}/?bench&backend=${UI_TRAIN_BACKEND}`);
    await page.getByText(new RegExp(`^Backend: (${UI_TRAIN_BACKEND}|none)$`)).waitFor({ timeout: 90_000 });
    const pipelineName = await page.evaluate(() => JSON.parse(window.localStorage.getItem('augplay.pipeline') ?? '{}').name ?? null);
    const training = page.getByRole('region', { name: 'Training' });
    await training.getByLabel('Model', { exact: true }).selectOption(UI_TRAIN_MODEL);
    await training.getByLabel('Epochs', { exact: true }).fill('3');
    await training.getByLabel('Batch size', { exact: true }).fill(String(TRAIN_BATCH));
    await training.getByRole('button', { name: 'Train' }).click();
    const status = training.getByRole('status', { name: 'Training status' });
    const deadline = Date.now() + 180_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await status.innerText();
      if (/epoch [2-9] of/.test(text) || text.startsWith('Finished') || text.startsWith('Failed')) break;
      await page.waitForTimeout(250);
    }
    if (!/epoch [2-9] of/.test(text)) throw new Error(`epoch 1 did not end in time (status: ${text})`);
    const from = await page.evaluate(() => performance.now());
    const windowStarted = Date.now();
    while (Date.now() - windowStarted < UI_TRAIN_WINDOW_S * 1000) {
      text = await status.innerText();
      if (text.startsWith('Finished') || text.startsWith('Failed')) break;
      await page.waitForTimeout(250);
    }
    const to = await page.evaluate(() => performance.now());
    const readout = await training.locator('dl[aria-label="Throughput"]').innerText().catch(() => '');
    const stopButton = training.getByRole('button', { name: 'Stop' });
    if (await stopButton.isEnabled()) await stopButton.click();
    const tasks = (await page.evaluate(() => window.__benchLongTasks)).filter((t) => t.start >= from && t.start <= to);
    const epoch1 = (await page.evaluate(() => window.__benchLongTasks)).filter((t) => t.start < from);
    return {
      longest_task_ms: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
      long_tasks_training: tasks.length,
      long_tasks_training_ms: tasks.map((t) => round1(t.duration)),
      longest_task_ms_epoch1: epoch1.length ? Math.max(...epoch1.map((t) => t.duration)) : 0,
      training_window_s: round1((to - from) / 1000),
      training_backend: UI_TRAIN_BACKEND,
      training_model: UI_TRAIN_MODEL,
      training_pipeline: pipelineName,
      training_status_at_end: text.replace(/\s+/g, ' '),
      training_readout_at_end: readout.replace(/\s+/g, ' '),
      page_errors: pageErrors,
    };
  } finally {
    await context.close();
    stop();
  }
}

async function main() {
  execFileSync('npx', [...VITE.slice(0, 1), 'build', ...VITE.slice(1)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = await serve(VITE.slice(1), {}, PORT);
  const url = `http://localhost:${PORT}/`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => window.augplayBench?.ready === true, null, { timeout: 60_000 });

    let w2 = { main_thread_images_per_s: null, tfjs: [], tfjs_failed: [], webgl_renderer: null, cross_origin_isolated: null, hardware_concurrency: null };
    let pool = null;
    let poolError = 'skipped (BENCH_ONLY)';
    if (ONLY.has('pool')) {
      log(`browser: workload 2 baselines at ${POOL_SIZE_PX} px`);
      w2 = await page.evaluate(([size, seconds, backends]) => window.augplayBench.workload2(size, seconds, backends), [POOL_SIZE_PX, SECONDS, TFJS_BACKENDS]);
      log(`browser: main thread ${w2.main_thread_images_per_s.toFixed(0)}/s; tfjs ${w2.tfjs.map((t) => `${t.backend} ${t.images_per_s.toFixed(0)}/s`).join(', ')}`);

      poolError = null;
      try {
        pool = await poolWorkload(page);
        for (const r of pool.bySize) if (r.size !== POOL_SIZE_PX) r.main_thread_images_per_s = await page.evaluate(([s, sec]) => window.augplayBench.mainThreadOnly(s, sec), [r.size, SECONDS]);
      } catch (error) {
        poolError = error instanceof Error ? error.message : String(error);
        log(`browser: pool workload failed: ${poolError}`);
      }
    }
    const headline = [...w2.tfjs].sort((a, b) => b.images_per_s - a.images_per_s)[0] ?? null;
    const pool64 = pool?.bySize.find((r) => r.size === POOL_SIZE_PX);
    const tfjsVersion = await page.evaluate(() => window.augplayBench.tfjsVersion);
    const s1Json = await page.evaluate(() => window.augplayBench.s1PipelineJson);
    await page.close();

    let training = { rows: [], runs: [] };
    if (ONLY.has('training')) training = await trainingWorkload(browser, url);

    if (ONLY.has('preview') || ONLY.has('uitrain')) buildApp();
    let ui = { preview_p50_ms: null, preview_p95_ms: null, longest_task_ms_preview: null, note: 'not measured: skipped (BENCH_ONLY)' };
    if (ONLY.has('preview')) {
      try {
        ui = await previewWorkload(browser);
        log(`browser: preview p50 ${ui.preview_p50_ms?.toFixed(1)} ms, p95 ${ui.preview_p95_ms?.toFixed(1)} ms, longest task ${ui.longest_task_ms_preview.toFixed(0)} ms`);
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        log(`browser: preview workload failed: ${why}`);
        ui = { preview_p50_ms: null, preview_p95_ms: null, longest_task_ms_preview: null, note: `not measured: the preview run failed (${why})` };
      }
    }
    let uiTrain = { longest_task_ms: null, note: 'skipped (BENCH_ONLY)' };
    if (ONLY.has('uitrain')) {
      try {
        uiTrain = await trainingLongTasks(browser, s1Json);
        log(`browser: app training on ${uiTrain.training_backend} (${uiTrain.training_model}): longest task after epoch 1 ${uiTrain.longest_task_ms.toFixed(0)} ms (${uiTrain.long_tasks_training} over 50 ms in ${uiTrain.training_window_s} s); epoch 1 ${uiTrain.longest_task_ms_epoch1.toFixed(0)} ms`);
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        log(`browser: app training long-task run failed: ${why}`);
        uiTrain = { longest_task_ms: null, note: `not measured: ${why}` };
      }
    }
    const { page_errors: trainErrors = [], note: uiTrainNote, ...uiTrainFigures } = uiTrain;
    const { page_errors: appErrors = [], ...uiFigures } = ui;

    return {
      browser: `Chromium ${browser.version()}`,
      tfjs_version: tfjsVersion,
      pool: {
        size: POOL_SIZE_PX,
        workers_default: pool64 ? pool64.workers_default : Math.max(1, w2.hardware_concurrency - 1),
        images_per_s_by_workers: pool64 ? pool64.images_per_s_by_workers : null,
        ...(pool64 ? {} : { images_per_s_by_workers_note: `not measured: ${poolError}` }),
        batch: POOL_BATCH,
        pipeline: 'S1 (bench/s1.ts)',
        main_thread_images_per_s: w2.main_thread_images_per_s,
        tfjs_ops_images_per_s: headline ? headline.images_per_s : null,
        tfjs_ops_backend: headline ? headline.backend : null,
        tfjs_ops_batch: headline ? headline.batch : null,
        tfjs_ops_by_backend: Object.fromEntries(w2.tfjs.map((t) => [t.backend, t.images_per_s])),
        tfjs_ops_failed: w2.tfjs_failed,
        wait_fraction_by_workers: pool64?.wait_fraction_by_workers ?? null,
        by_size: pool ? pool.bySize.map((r) => ({ ...r, main_thread_images_per_s: r.size === POOL_SIZE_PX ? w2.main_thread_images_per_s : r.main_thread_images_per_s })) : [],
        webgl_renderer: w2.webgl_renderer,
        cross_origin_isolated: w2.cross_origin_isolated,
        hardware_concurrency: w2.hardware_concurrency,
      },
      training: training.rows,
      training_runs: training.runs,
      training_note: training.rows.length ? null : 'not measured: skipped (BENCH_ONLY)',
      ui: {
        ...uiFigures,
        ...uiTrainFigures,
        ...(uiTrainNote ? { longest_task_note: `longest_task_ms (training after epoch 1) ${uiTrainNote}` } : {}),
      },
      page_errors: [...pageErrors, ...appErrors, ...trainErrors, ...training.runs.flatMap((r) => r.page_errors ?? [])],
    };
  } finally {
    await browser?.close();
    stop();
  }
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error) => {
    log(`browser bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
