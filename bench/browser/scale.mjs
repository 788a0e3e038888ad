// Issue 16's "10,000 images": the built app imports 10,000 generated PNGs (10 class folders, and
// the same as one zip) through its UI, then: import images/s, JS heap and IndexedDB bytes against
// the raw working pixels, the longest main-thread task while the thumbnail grid scrolls end to
// end, how long a reload takes until the 10,000 images are back, and one epoch on the "Auto"
// backend (measured). Results: `scale` in bench/results/latest.json.
//
// Environment: BENCH_SCALE_IMAGES (default 10000), BENCH_SCALE_PX (default 32),
// BENCH_SCALE_MODEL (default mlp), BENCH_SCALE_EPOCH_TIMEOUT_S (default 600).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, zlibSync } from 'fflate';
import { log } from '../serve.mjs';
import { APP_OUT_DIR, APP_PORT, round1, serve } from './harness.mjs';

const IMAGES = Number(process.env.BENCH_SCALE_IMAGES ?? 10_000);
const PX = Number(process.env.BENCH_SCALE_PX ?? 32);
const MODEL = process.env.BENCH_SCALE_MODEL ?? 'mlp';
const EPOCH_TIMEOUT_S = Number(process.env.BENCH_SCALE_EPOCH_TIMEOUT_S ?? 600);
const CLASSES = 10;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
/** An 8-bit RGB PNG (filter 0 on every row). */
export function encodePng(width, height, rgb) {
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) png.set(p, (at += p.length) - p.length);
  return png;
}

/** Image i of class c: a class-coloured bar at a class-given angle on noise (deterministic). */
function picture(i, c) {
  const rgb = new Uint8Array(PX * PX * 3);
  let seed = (i * 2654435761) >>> 0;
  const angle = (c / CLASSES) * Math.PI;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < PX; y++) {
    for (let x = 0; x < PX; x++) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      const d = Math.abs((x - PX / 2) * dy - (y - PX / 2) * dx);
      const on = d < PX / 8;
      const o = (y * PX + x) * 3;
      rgb[o] = on ? 80 + c * 17 : seed & 63;
      rgb[o + 1] = on ? 220 - c * 13 : (seed >>> 8) & 63;
      rgb[o + 2] = on ? 120 : (seed >>> 16) & 63;
    }
  }
  return encodePng(PX, PX, rgb);
}

/** Writes the class folders and the zip of the same files into `dir`; returns their paths. */
export function generate(dir) {
  rmSync(dir, { recursive: true, force: true });
  const folder = join(dir, 'shapes');
  const files = {};
  for (let c = 0; c < CLASSES; c++) mkdirSync(join(folder, `class${c}`), { recursive: true });
  for (let i = 0; i < IMAGES; i++) {
    const c = i % CLASSES;
    const png = picture(i, c);
    writeFileSync(join(folder, `class${c}`, `img${i}.png`), png);
    files[`shapes/class${c}/img${i}.png`] = [png, { level: 0 }];
  }
  const zip = join(dir, 'shapes.zip');
  writeFileSync(zip, zipSync(files));
  return { folder, zip };
}

/** Longest-task observer, installed before the app's scripts. */
function observeLongTasks() {
  window.__scaleTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__scaleTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * The page's memory: performance.measureUserAgentSpecificMemory() (cross-origin isolated pages),
 * which counts the JS heaps and ArrayBuffers of the page and of its workers (the pool's workers hold
 * pixels too); the main thread's JS heap alone (CDP) as well; and what IndexedDB stores.
 */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
  const heap = await cdp.send('Runtime.getHeapUsage');
  const measured = await page.evaluate(async () => {
    if (!performance.measureUserAgentSpecificMemory) return null;
    const timeout = new Promise((r) => setTimeout(() => r(null), 60_000));
    const result = await Promise.race([performance.measureUserAgentSpecificMemory(), timeout]);
    return result ? result.bytes : null;
  });
  const storage = await page.evaluate(async () => {
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? null, indexedDB: e.usageDetails?.indexedDB ?? null };
  });
  return { heapUsed: heap.usedSize, all: measured, storage };
}

/** One import through the UI (a folder or a zip); resolves with seconds until the grid lists every image. */
async function importOnce(page, what, path) {
  const data = page.getByRole('region', { name: 'Data' });
  const t0 = Date.now();
  if (what === 'folder') await data.getByLabel('Add folder').setInputFiles(path);
  else await data.getByLabel('Add images').setInputFiles(path);
  await page.getByRole('list', { name: `${IMAGES} images` }).waitFor({ timeout: 900_000 });
  return (Date.now() - t0) / 1000;
}

async function freshPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://localhost:${APP_PORT}/`);
  await page.getByText(/^Backend: (?!detecting)/).waitFor({ timeout: 90_000 });
  return { page, errors };
}

export async function scaleWorkload(browser, tmpDir) {
  log(`browser: scale: generating ${IMAGES} PNGs of ${PX} px`);
  const { folder, zip } = generate(join(tmpDir, 'scale'));
  const stop = await serve([], { AUGPLAY_OUT_DIR: APP_OUT_DIR }, APP_PORT);
  const rawPixelBytes = IMAGES * PX * PX * 3;
  const result = { images: IMAGES, size_px: PX, raw_pixel_bytes: rawPixelBytes };
  const errors = [];
  try {
    // The zip first, in its own profile, so each import starts from an empty dataset.
    {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page, errors: e } = await freshPage(context);
      const seconds = await importOnce(page, 'zip', zip);
      result.import_zip_images_per_s = round1(IMAGES / seconds);
      log(`browser: scale: zip import ${result.import_zip_images_per_s}/s`);
      errors.push(...e);
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(observeLongTasks);
    let { page, errors: e } = await freshPage(context);
    const cdp = await context.newCDPSession(page);
    const before = await memory(page, cdp);
    const seconds = await importOnce(page, 'folder', folder);
    result.import_images_per_s = round1(IMAGES / seconds);
    log(`browser: scale: folder import ${result.import_images_per_s}/s`);
    await page.waitForTimeout(2000); // the dataset is written to IndexedDB after the grid shows it
    const after = await memory(page, cdp);
    result.js_heap_bytes = after.heapUsed - before.heapUsed;
    // Page and workers, heaps and ArrayBuffers: what the 10,000 images added.
    result.memory_bytes = after.all != null && before.all != null ? after.all - before.all : null;
    result.indexeddb_bytes = after.storage.indexedDB ?? after.storage.usage;
    result.memory_ratio = result.memory_bytes == null ? null : Math.round((result.memory_bytes / rawPixelBytes) * 100) / 100;
    result.indexeddb_ratio = result.indexeddb_bytes == null ? null : Math.round((result.indexeddb_bytes / rawPixelBytes) * 100) / 100;

    // Scroll the thumbnail grid end to end, a viewport a frame, as a fast wheel would.
    const scroller = page.getByRole('region', { name: 'Thumbnails' });
    const from = await page.evaluate(() => performance.now());
    await scroller.evaluate(async (el) => {
      while (el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
        el.scrollTop += el.clientHeight;
        await new Promise((r) => requestAnimationFrame(() => r()));
      }
    });
    await page.waitForTimeout(500);
    const to = await page.evaluate(() => performance.now());
    const scrollTasks = (await page.evaluate(() => window.__scaleTasks)).filter((t) => t.start >= from && t.start <= to);
    result.scroll_longest_task_ms = scrollTasks.length ? round1(Math.max(...scrollTasks.map((t) => t.duration))) : 0;
    result.scroll_long_tasks = scrollTasks.length;
    result.scroll_seconds = round1((to - from) / 1000);
    log(`browser: scale: scroll longest task ${result.scroll_longest_task_ms} ms`);

    // Reload: until the grid lists every image again (read back from IndexedDB).
    const t0 = Date.now();
    await page.reload();
    await page.getByRole('list', { name: `${IMAGES} images` }).waitFor({ timeout: 300_000 });
    result.reload_ready_ms = Date.now() - t0;
    log(`browser: scale: reload ready in ${result.reload_ready_ms} ms`);

    // One epoch on "Auto" (measured).
    await page.getByText(/^Backend: (?!detecting)/).waitFor({ timeout: 90_000 });
    const training = page.getByRole('region', { name: 'Training' });
    await training.getByLabel('Model', { exact: true }).selectOption(MODEL);
    await training.getByLabel('Epochs', { exact: true }).fill('1');
    await training.getByLabel('Batch size', { exact: true }).fill('32');
    const status = training.getByRole('status', { name: 'Training status' });
    const started = Date.now();
    await training.getByRole('button', { name: 'Train' }).click();
    await status.filter({ hasText: /^(Finished|Failed)/ }).waitFor({ timeout: EPOCH_TIMEOUT_S * 1000 }).catch(() => undefined);
    const text = (await status.innerText()).replace(/\s+/g, ' ');
    result.epoch_seconds = text.startsWith('Finished') ? round1((Date.now() - started) / 1000) : null;
    result.epoch_model = MODEL;
    result.epoch_status = text;
    result.epoch_backend = (await page.getByRole('status', { name: 'Backend status' }).innerText()).replace(/\s+/g, ' ');
    log(`browser: scale: one epoch ${result.epoch_seconds} s (${result.epoch_backend})`);
    errors.push(...e);
    await context.close();
  } finally {
    stop();
  }
  return { ...result, page_errors: errors };
}

/**
 * `backend_auto`: what the app's "Auto" measured for the small CNN at batch 32 on this machine,
 * on the built-in sample at its working size (`model` says the shape): Train, wait for the figures in
 * the header, read the choice the app cached in localStorage, stop.
 */
export async function autoBackendWorkload(browser) {
  const stop = await serve([], { AUGPLAY_OUT_DIR: APP_OUT_DIR }, APP_PORT);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const { page } = await freshPage(context);
    await page.getByRole('list', { name: /^\d+ images$/ }).waitFor({ timeout: 90_000 });
    const training = page.getByRole('region', { name: 'Training' });
    await training.getByLabel('Model', { exact: true }).selectOption('cnn-small');
    await training.getByLabel('Epochs', { exact: true }).fill('1');
    await training.getByLabel('Batch size', { exact: true }).fill('32');
    await training.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('status', { name: 'Backend status' }).filter({ hasText: 'samples/s' }).waitFor({ timeout: 120_000 });
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('augplay.autoBackend')));
    const stopButton = training.getByRole('button', { name: 'Stop' });
    if (await stopButton.isEnabled().catch(() => false)) await stopButton.click();
    const header = (await page.getByRole('status', { name: 'Backend status' }).innerText()).replace(/\s+/g, ' ');
    const entry = stored.find(([k]) => k.includes('cnn-small:') && k.includes('|b32|'));
    if (!entry) throw new Error(`no cached choice for the small CNN at batch 32 (header: ${header})`);
    const value = JSON.parse(entry[1]);
    return {
      chosen: value.chosen,
      candidates: Object.fromEntries(Object.entries(value.measurements).map(([name, m]) => [name, m.ok ? round1(m.samplesPerS) : null])),
      failed: Object.fromEntries(Object.entries(value.measurements).filter(([, m]) => !m.ok).map(([name, m]) => [name, m.error])),
      model: entry[0].split('|')[1],
      header,
    };
  } finally {
    await context.close();
    stop();
  }
}
