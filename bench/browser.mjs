// Workloads 2-4 in Chromium: builds the bench page (bench/vite.config.ts) into dist-bench/, serves
// it with `vite preview`, drives Debian's Chromium through playwright-core and runs each
// measurement through the page's window.augplayBench hook (workload 2: baselines and the real
// worker pool and loader of src/workers). Workload 4 builds the app itself into dist-bench-app/,
// serves it on its own port and drives the real UI (the preview's "Variants" and a step's slider),
// reading the preview's latencies through the app's ?bench hook (src/main.tsx). Both record a
// Chromium trace (per-thread wall and CPU time, main-thread time by trace event) and, for the
// preview, a V8 CPU profile: the "where the time goes" of BENCHMARKS.md. Prints one JSON object.
//
// Usage: node bench/browser.mjs [seconds per candidate]

import { spawn, execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
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
/** The flags of playwright.config.ts (DEVELOPERS.md says why each is there): WebGPU via SwiftShader. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];
const VITE = ['vite', '--config', 'bench/vite.config.ts'];

const log = (line) => process.stderr.write(`${line}\n`);

async function waitForServer(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bench page server did not answer at ${url} within ${timeoutMs / 1000} s`);
}


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
    await waitForServer(`http://localhost:${port}/`, 30_000);
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

/** Workload 4: the built app, driven through its UI. */
async function previewWorkload(browser) {
  log(`browser: building the app into ${APP_OUT_DIR}/`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { env: { ...process.env, AUGPLAY_OUT_DIR: APP_OUT_DIR }, stdio: ['ignore', 'ignore', 'inherit'] });
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

    log(`browser: workload 2 baselines at ${POOL_SIZE_PX} px`);
    const w2 = await page.evaluate(([size, seconds, backends]) => window.augplayBench.workload2(size, seconds, backends), [POOL_SIZE_PX, SECONDS, TFJS_BACKENDS]);
    const headline = [...w2.tfjs].sort((a, b) => b.images_per_s - a.images_per_s)[0] ?? null;
    log(`browser: main thread ${w2.main_thread_images_per_s.toFixed(0)}/s; tfjs ${w2.tfjs.map((t) => `${t.backend} ${t.images_per_s.toFixed(0)}/s`).join(', ')}`);

    let pool = null;
    let poolError = null;
    try {
      pool = await poolWorkload(page);
      for (const r of pool.bySize) if (r.size !== POOL_SIZE_PX) r.main_thread_images_per_s = await page.evaluate(([s, sec]) => window.augplayBench.mainThreadOnly(s, sec), [r.size, SECONDS]);
    } catch (error) {
      poolError = error instanceof Error ? error.message : String(error);
      log(`browser: pool workload failed: ${poolError}`);
    }
    const pool64 = pool?.bySize.find((r) => r.size === POOL_SIZE_PX);
    const tfjsVersion = await page.evaluate(() => window.augplayBench.tfjsVersion);
    await page.close();

    let ui;
    try {
      ui = await previewWorkload(browser);
      log(`browser: preview p50 ${ui.preview_p50_ms?.toFixed(1)} ms, p95 ${ui.preview_p95_ms?.toFixed(1)} ms, longest task ${ui.longest_task_ms_preview.toFixed(0)} ms`);
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`browser: preview workload failed: ${why}`);
      ui = { preview_p50_ms: null, preview_p95_ms: null, longest_task_ms_preview: null, note: `not measured: the preview run failed (${why})` };
    }
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
      training: [],
      training_note: 'not measured yet: the trainer and the batch loader (src/train, src/workers) are being written',
      ui: {
        ...uiFigures,
        // Issue #5 defines longest_task_ms during training after the first epoch: not wired yet.
        longest_task_ms: null,
        longest_task_note: 'longest_task_ms (training, after epoch 1) is not measured yet; longest_task_ms_preview is the longest task while the preview was being edited',
      },
      page_errors: [...pageErrors, ...appErrors],
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
