// Data-side figures in Chromium, on the built app (AUGPLAY_OUT_DIR, default dist-data):
//  1. decoded images per second on import: N PNGs added through the "Add images" input, timed from
//     the pick to the "Imported N images." status (sniff, hash, decode in workers, store, save);
//  2. augmented images per second from the worker pool, 1 worker vs the default (cores - 1), and
//     with as many workers as cores, through window.augplayDataBench (?databench).
// Usage: AUGPLAY_OUT_DIR=dist-data npx vite build && node bench/data-throughput.mjs [images] [seconds]
// Prints one JSON object. Not a test: nothing asserts on time.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, QUIET_FLAGS } from '../scripts/chromium.mjs';
import { waitForServer } from './serve.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4312);
const OUT_DIR = process.env.AUGPLAY_OUT_DIR ?? 'dist-data';
const IMAGES = Number(process.argv[2] ?? 400);
const SECONDS = Number(process.argv[3] ?? 4);
/** Import images are bigger than the working size, as photos are: 256 x 256 RGB, scaled to 64. */
const IMPORT_SIZE_PX = 256;

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A textured RGB PNG (noise over a gradient, so it compresses like a photo more than a flat fill). */
function png(size, seed) {
  const raw = Buffer.alloc(size * (1 + size * 3));
  let s = seed >>> 0;
  for (let y = 0; y < size; y++) {
    raw[y * (1 + size * 3)] = 0;
    for (let x = 0; x < size; x++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const o = y * (1 + size * 3) + 1 + x * 3;
      raw[o] = (x + (s & 31)) & 255;
      raw[o + 1] = (y + ((s >> 5) & 31)) & 255;
      raw[o + 2] = (x + y + seed) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}


const dir = mkdtempSync(join(tmpdir(), 'augplay-bench-'));
const files = Array.from({ length: IMAGES }, (_, i) => {
  const path = join(dir, `img${i}.png`);
  writeFileSync(path, png(IMPORT_SIZE_PX, i + 1));
  return path;
});

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { env: { ...process.env, AUGPLAY_OUT_DIR: OUT_DIR }, stdio: 'ignore', detached: true });
let browser;
try {
  await waitForServer(`http://localhost:${PORT}/`, 60_000, `vite preview (is ${OUT_DIR}/ built?)`);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_FLAGS });
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/?databench`);
  await page.getByRole('table', { name: 'Classes' }).waitFor();
  const hardwareConcurrency = await page.evaluate(() => navigator.hardwareConcurrency);

  const start = Date.now();
  await page.getByLabel('Add images').setInputFiles(files);
  await page.getByText(`Imported ${IMAGES} images.`, { exact: true }).waitFor({ timeout: 300_000 });
  const importSeconds = (Date.now() - start) / 1000;

  await page.waitForFunction(() => 'augplayDataBench' in globalThis);
  const defaultWorkers = Math.max(1, hardwareConcurrency - 1);
  const sizes = [...new Set([1, defaultWorkers, hardwareConcurrency])];
  const pool = [];
  for (const workers of sizes) {
    pool.push(await page.evaluate(([w, s]) => globalThis.augplayDataBench.poolThroughput(w, s), [workers, SECONDS]));
  }
  console.log(
    JSON.stringify(
      {
        machine: { cpus: cpus().length, hardwareConcurrency, chromium: browser.version() },
        import: { images: IMAGES, sourceSizePx: IMPORT_SIZE_PX, workers: defaultWorkers, seconds: importSeconds, imagesPerSecond: IMAGES / importSeconds },
        pool: { pipeline: "preset 'standard' (flip, rotate, brightness, contrast, noise, rescale)", sizePx: 64, batchSize: 64, defaultWorkers, runs: pool },
      },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  process.kill(-server.pid, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
