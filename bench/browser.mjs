// Workloads 2-4 in Chromium: builds the bench page (bench/vite.config.ts) into dist-bench/, serves
// it with `vite preview`, drives Debian's Chromium through playwright-core and runs each
// measurement through the page's window.augplayBench hook. Prints one JSON object on stdout.
//
// Usage: node bench/browser.mjs [seconds per candidate]

import { spawn, execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PORT = Number(process.env.BENCH_PORT ?? 4341);
const SECONDS = Number(process.argv[2] ?? 2);
/** Image size of workload 2, in pixels per side: the app's working size. */
const POOL_SIZE_PX = 64;
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

async function main() {
  execFileSync('npx', [...VITE.slice(0, 1), 'build', ...VITE.slice(1)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = spawn('npx', [...VITE.slice(0, 1), 'preview', ...VITE.slice(1), '--port', String(PORT), '--strictPort'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const url = `http://localhost:${PORT}/`;
  let browser;
  try {
    await waitForServer(url, 30_000);
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

    const notYet = (why) => `not measured yet: ${why}`;
    return {
      browser: `Chromium ${browser.version()}`,
      tfjs_version: await page.evaluate(() => window.augplayBench.tfjsVersion),
      pool: {
        size: POOL_SIZE_PX,
        workers_default: Math.max(1, w2.hardware_concurrency - 1),
        images_per_s_by_workers: null,
        images_per_s_by_workers_note: notYet('the worker pool and batch loader (src/workers) are being written'),
        main_thread_images_per_s: w2.main_thread_images_per_s,
        tfjs_ops_images_per_s: headline ? headline.images_per_s : null,
        tfjs_ops_backend: headline ? headline.backend : null,
        tfjs_ops_batch: headline ? headline.batch : null,
        tfjs_ops_by_backend: Object.fromEntries(w2.tfjs.map((t) => [t.backend, t.images_per_s])),
        tfjs_ops_failed: w2.tfjs_failed,
        webgl_renderer: w2.webgl_renderer,
        cross_origin_isolated: w2.cross_origin_isolated,
        hardware_concurrency: w2.hardware_concurrency,
      },
      training: [],
      training_note: notYet('the trainer and the batch loader (src/train, src/workers) are being written'),
      ui: {
        preview_p50_ms: null,
        preview_p95_ms: null,
        longest_task_ms: null,
        note: notYet('the preview grid and training screen (src/ui, src/store) are being written'),
      },
      page_errors: pageErrors,
    };
  } finally {
    await browser?.close();
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error) => {
    log(`browser bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
