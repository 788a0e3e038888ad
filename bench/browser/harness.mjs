// The browser benchmarks' harness: settings read from the environment, serving a build with
// `vite preview`, a Chromium trace around a measurement, a V8 profile's top functions, and the
// small statistics every workload shares. One module per workload sits beside it.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { log, waitForServer } from '../serve.mjs';

export const PORT = Number(process.env.BENCH_PORT ?? 4341);
export const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4351);
export const APP_OUT_DIR = process.env.BENCH_APP_OUT_DIR ?? 'dist-bench-app';
export const SECONDS = Number(process.argv[2] ?? 2);
export const VITE = ['vite', '--config', 'bench/vite.config.ts'];
/** Parts of the browser run (comma-separated): pool (workload 2), training (3), preview and uitrain (4). */
export const ONLY = new Set((process.env.BENCH_ONLY ?? 'pool,training,preview,uitrain,scale').split(','));

export async function serve(args, env, port) {
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

export const percentile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null;
};
export const round1 = (v) => (v == null ? null : Math.round(v * 10) / 10);

/**
 * Runs `fn` under a Chromium trace; returns its value and, per renderer thread (main, workers),
 * the wall time of its top-level tasks and their CPU time (the trace's thread duration), plus the
 * main thread's self time by trace event: a profile that says whether a thread waited for a core.
 */
export async function traced(page, fn) {
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
export function profileTop(profile, n = 12) {
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

export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function buildApp() {
  log(`browser: building the app into ${APP_OUT_DIR}/`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { env: { ...process.env, AUGPLAY_OUT_DIR: APP_OUT_DIR }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The first JavaScript chunk of a build (the module script index.html loads) and its gzipped size in kB of 1000 bytes, as vite build reports it (zlib, default level). */
export function firstChunk(outDir) {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*src="\/?([^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error(`${outDir}/index.html has no module script`);
  const bytes = readFileSync(join(outDir, src));
  return { file: src, kb: round1(bytes.length / 1000), gzip_kb: round1(gzipSync(bytes).length / 1000) };
}
