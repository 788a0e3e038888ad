// Training throughput per tfjs backend in Chromium, on the built app (AUGPLAY_OUT_DIR, default
// dist-train): for each (backend, model) it forces the backend through the "Backend" select,
// trains on the Data panel's dataset (the built-in sample, 1000 shapes at 64 px, default pipeline),
// and after a time window (or the epoch's end) reads the page's own readouts: samples/s and the
// share of time spent waiting for data. WebGPU and WebGL run on SwiftShader (CPU) here.
// Usage: AUGPLAY_OUT_DIR=dist-train npx vite build && node bench/train-backends.mjs [seconds per run] [backends] [models]
//   e.g. node bench/train-backends.mjs 40 webgpu,webgl,wasm,cpu mlp,cnn-small
// Prints one JSON object. Not a test: nothing asserts on time.

import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { log, waitForServer } from './serve.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4322);
const OUT_DIR = process.env.AUGPLAY_OUT_DIR ?? 'dist-train';
const SECONDS = Number(process.argv[2] ?? 40);
const BACKENDS = (process.argv[3] ?? 'webgpu,webgl,wasm,cpu').split(',');
const MODELS = (process.argv[4] ?? 'mlp,cnn-small').split(',');
const BATCH_SIZE = 32;
/** Steps before the window starts: the first steps compile shaders and allocate. */
const WARMUP_STEPS = 3;



/** The Throughput readout as numbers, or null before the first step. */
async function readout(training) {
  const list = training.getByRole('list', { name: 'Throughput' }).or(training.locator('dl[aria-label="Throughput"]'));
  if ((await list.count()) === 0) return null;
  const text = await list.first().innerText();
  const number = (label) => Number(new RegExp(`${label}\\s*([\\d.]+)`).exec(text)?.[1] ?? NaN);
  return { samplesPerSec: number('Samples/s'), waitPercent: number('Waiting for data'), steps: number('Steps') };
}

async function measure(page, backend, model) {
  await page.goto(`http://localhost:${PORT}/`);
  // Let the page's own start-up detection finish first, or it may switch the backend back.
  await page.getByText(/^Backend: (webgpu|webgl|wasm|cpu|none)$/).waitFor({ timeout: 90_000 });
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Model', { exact: true }).selectOption(model);
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByLabel('Batch size', { exact: true }).fill(String(BATCH_SIZE));
  await training.getByLabel('Backend', { exact: true }).selectOption(backend);
  await page.getByText(new RegExp(`^Backend: (${backend}|none)$`)).waitFor({ timeout: 90_000 });
  const header = (await page.getByRole('status', { name: 'Backend status' }).innerText()).replace(/\s+/g, ' ');
  await training.getByRole('button', { name: 'Train' }).click();
  const status = training.getByRole('status', { name: 'Training status' });
  const started = Date.now();
  let warm = null;
  let last = null;
  while (Date.now() - started < (SECONDS + 120) * 1000) {
    const text = await status.innerText();
    const alert = training.getByRole('alert');
    if ((await alert.count()) > 0) return { backend, model, error: await alert.first().innerText(), header };
    last = await readout(training);
    if (last && last.steps >= WARMUP_STEPS && !warm) warm = { at: Date.now(), ...last };
    if (text.startsWith('Finished') || (warm && Date.now() - warm.at >= SECONDS * 1000)) break;
    await page.waitForTimeout(500);
  }
  if ((await training.getByRole('button', { name: 'Stop' }).isEnabled())) await training.getByRole('button', { name: 'Stop' }).click();
  const onLine = (await status.innerText()).match(/On (\w+)/)?.[1];
  return { backend, model, ranOn: onLine, steps: last?.steps, samplesPerSec: last?.samplesPerSec, waitFraction: last ? last.waitPercent / 100 : undefined, header };
}

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { env: { ...process.env, AUGPLAY_OUT_DIR: OUT_DIR }, stdio: 'ignore', detached: true });
let browser;
try {
  await waitForServer(`http://localhost:${PORT}/`, 60_000, 'vite preview');
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const runs = [];
  for (const model of MODELS) {
    for (const backend of BACKENDS) {
      const page = await browser.newPage();
      log(`${backend} / ${model}…`);
      try {
        runs.push(await measure(page, backend, model));
      } catch (error) {
        runs.push({ backend, model, error: String(error).split('\n')[0] });
      }
      log(JSON.stringify(runs.at(-1)));
      await page.close();
    }
  }
  console.log(JSON.stringify({ what: 'training samples/s per backend (the page readout: running average over the epoch so far, first steps included), read after WARMUP_STEPS steps plus the window, Chromium, built-in sample 64 px, default pipeline', batchSize: BATCH_SIZE, secondsPerRun: SECONDS, runs }, null, 2));
} finally {
  await browser?.close();
  process.kill(-server.pid, 'SIGTERM');
}
