// The data journey: the built-in sample on first open; a folder with good and bad files added
// through "Add folder"; the report and class counts; the same dataset after a reload; and clearing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { corruptPng, makePng } from '../src/data/fixtures/png.js';
import { drawShapeParams, makeShapeImage, mulberry32, type ShapeKind } from '../src/data/sampleImage.js';

/** A real PNG of a shape, so the decoded thumbnails show something. */
function shapePng(kind: ShapeKind, seed: number): Uint8Array {
  const image = makeShapeImage(drawShapeParams(kind, mulberry32(seed), 40));
  return makePng(40, 40, (x, y) => {
    const o = (y * 40 + x) * 3;
    return [image.data[o]!, image.data[o + 1]!, image.data[o + 2]!];
  });
}

/** upload/circle/{3 PNGs}, upload/square/{2 PNGs}, and four files that must be refused. */
function makeFolder(root: string): string {
  const dir = join(root, 'upload');
  mkdirSync(join(dir, 'circle'), { recursive: true });
  mkdirSync(join(dir, 'square'), { recursive: true });
  for (let i = 0; i < 3; i++) writeFileSync(join(dir, 'circle', `c${i}.png`), shapePng('circle', 10 + i));
  for (let i = 0; i < 2; i++) writeFileSync(join(dir, 'square', `s${i}.png`), shapePng('square', 20 + i));
  writeFileSync(join(dir, 'circle', 'empty.png'), '');
  writeFileSync(join(dir, 'notes.txt'), 'These are my notes about the shapes.\n');
  writeFileSync(join(dir, 'square', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>');
  writeFileSync(join(dir, 'square', 'broken.png'), corruptPng(32, 32));
  return dir;
}

/** Class name to image count, read from the "Classes" table in one go (a row-by-row read could race a re-render). */
async function classCounts(page: Page): Promise<Record<string, string>> {
  const rows = await page.getByRole('table', { name: 'Classes' }).getByRole('row').allInnerTexts();
  // Each row reads "name<TAB>images<TAB>train<TAB>validation"; the first is the header.
  return Object.fromEntries(rows.slice(1).map((row) => row.split('\t').map((cell) => cell.trim()).slice(0, 2) as [string, string]));
}

test('imports a folder with good and bad files, reports the bad ones, and keeps the dataset after a reload', async ({ page }, testInfo) => {
  const folder = makeFolder(testInfo.outputPath());
  await page.goto('/');
  const data = page.getByRole('region', { name: 'Data' });

  // First open: the built-in sample, four classes of 250.
  await expect(data.getByRole('table', { name: 'Classes' }).getByRole('rowheader', { name: 'star' })).toBeVisible();
  expect(await classCounts(page)).toEqual({ circle: '250', square: '250', triangle: '250', star: '250' });
  await expect(data.getByRole('region', { name: 'Thumbnails' }).getByRole('img').first()).toBeVisible();

  await data.getByLabel('Add folder').setInputFiles(folder);

  const report = data.getByRole('table', { name: 'Import report' });
  await expect(report).toBeVisible();
  await expect(report.getByRole('row', { name: /upload\/circle\/empty\.png.*empty file/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /upload\/notes\.txt.*text file, not an image/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /upload\/square\/logo\.svg.*SVG refused/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /upload\/square\/broken\.png.*(truncated or corrupt)/ })).toBeVisible();
  await expect(report.getByRole('row')).toHaveCount(5); // header + 4
  await expect(data.getByRole('status')).toHaveText('Imported 5 images; 4 problems listed below.');
  await expect.poll(() => classCounts(page)).toEqual({ circle: '3', square: '2' });
  await expect(data.getByRole('region', { name: 'Thumbnails' }).getByRole('img')).toHaveCount(5);
  await expect(data.getByRole('progressbar', { name: 'Import progress' })).toHaveCount(0);

  await page.reload();
  await expect.poll(() => classCounts(page)).toEqual({ circle: '3', square: '2' });
  const thumbnails = page.getByRole('region', { name: 'Data' }).getByRole('region', { name: 'Thumbnails' });
  await expect(thumbnails.getByRole('img', { name: 'upload/circle/c0.png (circle)' })).toBeVisible();
  await expect(thumbnails.getByRole('img')).toHaveCount(5);

  // Adding the same folder again: every good file is a duplicate, nothing already loaded changes.
  await page.getByRole('region', { name: 'Data' }).getByLabel('Add folder').setInputFiles(folder);
  await expect(page.getByRole('table', { name: 'Import report' }).getByRole('row', { name: /c0\.png.*duplicate of upload\/circle\/c0\.png/ })).toBeVisible();
  expect(await classCounts(page)).toEqual({ circle: '3', square: '2' });

  await page.getByRole('button', { name: 'Clear dataset' }).click();
  await expect.poll(() => classCounts(page)).toEqual({ circle: '250', square: '250', triangle: '250', star: '250' });
  await page.reload();
  await expect.poll(() => classCounts(page)).toEqual({ circle: '250', square: '250', triangle: '250', star: '250' });
});

test('shows import progress while a larger import runs', async ({ page }, testInfo) => {
  const dir = testInfo.outputPath('many');
  mkdirSync(join(dir, 'star'), { recursive: true });
  for (let i = 0; i < 120; i++) writeFileSync(join(dir, 'star', `s${i}.png`), shapePng('star', 100 + i));
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Classes' })).toBeVisible();
  const progress = page.getByRole('progressbar', { name: 'Import progress' });
  const seen = progress.waitFor({ state: 'attached', timeout: 30_000 }).then(() => true);
  await page.getByLabel('Add images').setInputFiles(Array.from({ length: 120 }, (_, i) => join(dir, 'star', `s${i}.png`)));
  expect(await seen).toBe(true);
  await expect.poll(() => classCounts(page)).toEqual({ unlabelled: '120' });
});

test('imports a zip whose folders are the classes, with a CSV label and a nested zip refused', async ({ page }) => {
  const { zipSync, strToU8 } = await import('fflate');
  const inner = zipSync({ 'x.png': shapePng('star', 5) });
  const zip = zipSync({
    'triangle/t0.png': shapePng('triangle', 1),
    'triangle/t1.png': shapePng('triangle', 2),
    'star/s0.png': shapePng('star', 3),
    'loose.png': shapePng('circle', 4),
    'labels.csv': strToU8('filename,label\nloose.png,circle\nmissing.png,circle\n'),
    'nested.zip': inner,
    'readme.md': strToU8('# shapes\n'),
  });
  await page.goto('/');
  const data = page.getByRole('region', { name: 'Data' });
  await expect(data.getByRole('table', { name: 'Classes' }).getByRole('rowheader', { name: 'star' })).toBeVisible();
  await data.getByLabel('Add images').setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  const report = data.getByRole('table', { name: 'Import report' });
  await expect(report.getByRole('row', { name: /shapes\.zip\/nested\.zip/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /missing\.png/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /shapes\.zip\/readme\.md/ })).toBeVisible();
  await expect.poll(() => classCounts(page)).toEqual({ circle: '1', star: '1', triangle: '2' });
});
