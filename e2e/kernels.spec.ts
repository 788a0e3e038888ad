// Our Conv2DBackpropFilter in real Chromium: gradients and a loss curve on WebGPU (SwiftShader here)
// against the stock kernel, our batch-norm / ReLU-gradient / dropout kernels against tfjs, and CNN
// training on WASM, which has no stock kernel. The test page
// (e2e/kernels/) is built and served here with Vite's API, so it never ships with the app.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { expect, test, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';

import { wasmThreadsPlugin } from '../scripts/wasmThreads';
import type { GradResult, KernelsHarness, LayerKernelResult, Throughput } from './kernels/harness';

/** ||ours - stock|| / ||stock|| for one gradient on WebGPU: float32, summed in another order (split-K). */
const GPU_GRAD_RELATIVE_TOLERANCE = 1e-4;
/** Per-step loss difference between training with and without ours, from the same seed. */
const LOSS_RELATIVE_TOLERANCE = 1e-3;
/** Training steps per run: enough for the loss to move, few enough for SwiftShader. */
const TRAIN_STEPS = 5;
/** Image side and batch: small, because SwiftShader runs the stock kernel on two shared CPU cores. */
const TRAIN_SIZE = 32;
const TRAIN_BATCH = 16;
/** The CPU-bound backends' run (WASM beside tfjs's plain-JS CPU backend): the small CNN with batch
 * norm at 32 px took minutes a backend on the CPU backend here; 16 px keeps every layer and is 4x cheaper. */
const CPU_TRAIN_SIZE = 16;
const HARNESS_PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
const OUT_DIR = resolve(`${process.env.AUGPLAY_OUT_DIR ?? 'dist'}-kernels-harness`);
const FIGURES_DIR = resolve(process.env.E2E_RESULTS ?? 'test-results');
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

let server: PreviewServer | undefined;
const figures: Record<string, unknown> = {};

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const root = resolve('e2e/kernels');
  // The app's plugin for tfjs's threaded WASM (scripts/wasmThreads.ts): without it the bundled
  // backend's pthread workers die at start and WASM never becomes ready (the WASM test hung).
  await build({ configFile: false, root, base: './', logLevel: 'warn', plugins: [wasmThreadsPlugin()], build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022' } });
  server = await preview({
    configFile: false,
    root,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { port: HARNESS_PORT, strictPort: true, headers: ISOLATION_HEADERS },
  });
});

test.afterAll(async () => {
  await server?.close();
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(resolve(FIGURES_DIR, 'kernels-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

async function openHarness(page: Page): Promise<void> {
  await page.goto(`http://localhost:${HARNESS_PORT}/`);
  await expect(page.locator('#status')).toHaveText('ready', { timeout: 60_000 });
}

/** Where the test page puts its API (e2e/kernels/harness.ts). */
type HarnessWindow = { kernelsHarness: KernelsHarness };

/** Trains the small CNN at `sizePx` (TRAIN_SIZE by default), batch TRAIN_BATCH, for TRAIN_STEPS steps in the page. */
function train(page: Page, backend: string, mode: 'stock' | 'ours', withProfile: boolean, sizePx = TRAIN_SIZE): Promise<Throughput> {
  return page.evaluate(
    ([b, m, size, batch, steps, p]) => (window as unknown as HarnessWindow).kernelsHarness.train(b, m, 'cnn-small', size, batch, steps, p),
    [backend, mode, sizePx, TRAIN_BATCH, TRAIN_STEPS, withProfile] as const,
  );
}

function expectSameCurve(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!) / Math.abs(expected[i]!), `step ${i}`).toBeLessThan(LOSS_RELATIVE_TOLERANCE));
}

test('WebGPU: our filter gradient matches the stock kernel for every shape class', async ({ page }) => {
  await openHarness(page);
  const results: GradResult[] = await page.evaluate(() => (window as unknown as HarnessWindow).kernelsHarness.gradients('webgpu'));
  figures.webgpuGradients = results;
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) {
    expect(r.oursRan, r.name).toBe(true);
    expect(r.relativeError, r.name).toBeLessThan(GPU_GRAD_RELATIVE_TOLERANCE);
  }
});

test('WebGPU: the small CNN gives the same loss curve with and without ours, and its figures', async ({ page }) => {
  await openHarness(page);
  const stock: Throughput = await train(page, 'webgpu', 'stock', true);
  const ours: Throughput = await train(page, 'webgpu', 'ours', true);
  expect(stock.losses).toHaveLength(TRAIN_STEPS);
  expectSameCurve(ours.losses, stock.losses);
  figures.webgpuSmallCnn = { size: TRAIN_SIZE, batch: TRAIN_BATCH, stock, ours, speedup: ours.samplesPerS / stock.samplesPerS };
  console.log(`SwiftShader WebGPU small CNN ${TRAIN_SIZE}px batch ${TRAIN_BATCH}: stock ${stock.samplesPerS.toFixed(1)} samples/s, ours ${ours.samplesPerS.toFixed(1)}`);
});

test('WebGPU: fused Adam (in place), batch norm and our Mean gradient train the deeper CNN to the weights of tfjs\'s Adam with stock kernels', async ({ page }) => {
  await openHarness(page);
  const r = await page.evaluate(() => (window as unknown as HarnessWindow).kernelsHarness.adam('webgpu', 5));
  figures.webgpuAdamDeeperCnn = r;
  console.log(`deeper CNN losses stock ${r.stockLosses.map((l) => l.toFixed(6)).join(' ')} | ours ${r.oursLosses.map((l) => l.toFixed(6)).join(' ')}; weights ${r.weightRelativeError.toExponential(2)}`);
  expect(r.oursRan).toEqual({ adamInPlace: true, batchNorm: true });
  expectSameCurve(r.oursLosses, r.stockLosses);
  // Same float32 operations in the same order; what differs is summation order inside kernels.
  expect(r.weightRelativeError).toBeLessThan(1e-4);
});

test('WebGPU: our batch norm, Conv2D layer gradients (both input-gradient paths), softmax cross-entropy, ReLU gradient and dropout against tfjs', async ({ page }) => {
  await openHarness(page);
  const r: LayerKernelResult = await page.evaluate(() => (window as unknown as HarnessWindow).kernelsHarness.layerKernels('webgpu'));
  figures.webgpuLayerKernels = r;
  for (const bn of r.batchNorm) {
    expect(bn.oursRan, bn.shape.join('x')).toBe(true);
    for (const [name, error] of Object.entries(bn.errors)) expect(error, `${bn.shape.join('x')} ${name}`).toBeLessThan(GPU_GRAD_RELATIVE_TOLERANCE);
  }
  expect(r.convLayer).toHaveLength(6);
  for (const conv of r.convLayer) {
    expect(conv.oursRan, conv.name).toBe(true);
    expect(conv.forwardRan, `${conv.name} ${conv.path}`).toBe(conv.path === 'forward');
    for (const [name, error] of Object.entries(conv.errors)) expect(error, `${conv.name} ${conv.path} ${name}`).toBeLessThan(GPU_GRAD_RELATIVE_TOLERANCE);
  }
  expect(r.crossEntropy).toHaveLength(3);
  for (const ce of r.crossEntropy) {
    expect(ce.oursRan, ce.name).toBe(true);
    expect(ce.lossError, `${ce.name} loss`).toBeLessThan(1e-5);
    expect(ce.gradError, `${ce.name} gradient`).toBeLessThan(1e-5);
  }
  expect(r.reluGradRelativeError).toBe(0);
  const d = r.dropout;
  expect(d.calls).toBe(2);
  // 32,768 draws: the dropped fraction's standard deviation is ~0.0025.
  expect(Math.abs(d.dropped - d.rate)).toBeLessThan(0.015);
  expect(d.keptScaled).toBe(true);
  // A new mask per call: two independent masks agree on rate^2 + (1 - rate)^2 of the elements.
  expect(Math.abs(d.maskAgreement - (d.rate ** 2 + (1 - d.rate) ** 2))).toBeLessThan(0.02);
  expect(d.gradientMaxError).toBeLessThan(1e-6);
});

test('WASM: a CNN trains only with ours, with the loss curve of the CPU backend; samples/s beside WebGL and CPU', async ({ page }) => {
  await openHarness(page);
  const status = await page.evaluate(() => (window as unknown as HarnessWindow).kernelsHarness.wasmStatus());
  expect(status).toEqual({ before: false, after: true });
  const wasm: Throughput = await train(page, 'wasm', 'ours', false, CPU_TRAIN_SIZE);
  const cpu: Throughput = await train(page, 'cpu', 'stock', false, CPU_TRAIN_SIZE);
  expectSameCurve(wasm.losses, cpu.losses);
  expect(wasm.losses[TRAIN_STEPS - 1]!).toBeLessThan(wasm.losses[0]!);
  const webgl: Throughput | { error: string } = await train(page, 'webgl', 'stock', false, CPU_TRAIN_SIZE).catch((error: unknown) => ({ error: String(error) }));
  figures.cpuBackendsSmallCnn = { size: CPU_TRAIN_SIZE, batch: TRAIN_BATCH, wasm, webgl, cpu };
  console.log(
    `small CNN ${CPU_TRAIN_SIZE}px batch ${TRAIN_BATCH} samples/s: wasm ${wasm.samplesPerS.toFixed(1)}, cpu ${cpu.samplesPerS.toFixed(1)}, webgl ${'samplesPerS' in webgl ? webgl.samplesPerS.toFixed(1) : webgl.error}`,
  );
});
