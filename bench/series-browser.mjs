// S2 through the worker pool in Chromium: builds bench/series-page, serves it, and times training
// epochs of the S2 pipeline made by the series batch pool with 1, 2 and hardwareConcurrency - 1
// workers. Prints one JSON object; bench/series.mjs adds it to bench/results/s2-series.json.
//
// Usage: node bench/series-browser.mjs [seconds per candidate]   (BENCH_SERIES_PORT, default 4361)
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { serve } from './browser/harness.mjs';
import { log } from './serve.mjs';

const PORT = Number(process.env.BENCH_SERIES_PORT ?? 4361);
const SECONDS = Number(process.argv[2] ?? 2);
const LENGTHS = [128, 1024];

execFileSync('npx', ['vite', 'build', '--config', 'bench/series-vite.config.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
const stop = await serve(['--config', 'bench/series-vite.config.ts'], {}, PORT);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForFunction(() => 'seriesBench' in window);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const counts = [...new Set([1, 2, Math.max(1, cores - 1)])];
  const rows = [];
  for (const length of LENGTHS) {
    const perWorkers = {};
    for (const workers of counts) {
      const r = await page.evaluate(([l, w, ms]) => window.seriesBench.run(l, w, ms), [length, workers, SECONDS * 1000]);
      perWorkers[workers] = (r.series * 1000) / r.ms;
      log(`s2 pool ${length} steps, ${workers} worker(s): ${perWorkers[workers].toFixed(0)} series/s`);
    }
    rows.push({ length, series_per_s_by_workers: perWorkers });
  }
  process.stdout.write(JSON.stringify({ browser: browser.version(), cores, pool: rows }) + '\n');
} finally {
  await browser.close();
  stop();
}
