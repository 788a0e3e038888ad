// The page as a whole: areas in the order of the work at 1280x800 and 1920x1080 and one column on a
// narrow window, nothing wider than its region, results readable at a glance (summary line, charts
// of 320 px or more with a legend, the whole confusion matrix of 20 classes), and axe-core finding
// no serious or critical violation in any area, before and after training, light and dark.
// Screenshots of each area at both sizes go to $AUGPLAY_SCREENSHOTS (docs/screenshots holds a set) or the test's output folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { makePng } from '../src/data/fixtures/png.js';
import { drawShapeParams, makeShapeImage, mulberry32, type ShapeKind } from '../src/data/sampleImage.js';
import { AREAS, area, horizontalOverflow, openApp, seriousViolations, trainTiny, TRAIN_TIMEOUT_MS, type Area } from './helpers.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Twenty class names, some long enough to need cutting, as people name their folders. */
const CLASSES = [
  'golden retriever', 'tabby cat', 'northern cardinal (female)', 'red fox', 'barn owl', 'zebra', 'koala', 'sea turtle',
  'hummingbird', 'axolotl', 'snow leopard', 'platypus', 'otter', 'flamingo', 'hedgehog', 'bald eagle', 'pangolin', 'lynx',
  'manta ray', 'x',
];
const SHAPES: ShapeKind[] = ['circle', 'square', 'triangle', 'star'];
const PER_CLASS = 4;
const IMAGE_PX = 24;

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'the element has a box').not.toBeNull();
  return { ...b!, right: b!.x + b!.width, bottom: b!.y + b!.height };
}

async function shoot(page: Page, testInfo: TestInfo, size: { width: number }, state: string, areas: readonly Area[]) {
  const dir = process.env.AUGPLAY_SCREENSHOTS ?? testInfo.outputPath();
  mkdirSync(dir, { recursive: true });
  for (const name of areas) {
    await area(page, name).screenshot({ path: join(dir, `${state}-${name.toLowerCase()}-${size.width}.png`), animations: 'disabled' });
  }
}

/** axe in light and then dark colours, on every area; back to light afterwards. */
async function expectNoSeriousViolations(page: Page) {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const name of AREAS) found.push(...(await seriousViolations(page, name)).map((v) => `[${colorScheme}] ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(found).toEqual([]);
}

/** Data across the top, the pipeline beside the preview, then training as wide as the data. */
async function expectTaskFlow(page: Page) {
  const data = await box(area(page, 'Data'));
  const pipeline = await box(area(page, 'Pipeline'));
  const preview = await box(area(page, 'Preview'));
  const training = await box(area(page, 'Training'));
  expect(pipeline.y).toBeGreaterThanOrEqual(data.bottom);
  expect(Math.abs(pipeline.y - preview.y)).toBeLessThan(2);
  expect(preview.x).toBeGreaterThanOrEqual(pipeline.right);
  expect(training.y).toBeGreaterThanOrEqual(Math.max(pipeline.bottom, preview.bottom));
  expect(training.width).toBeGreaterThanOrEqual(data.width - 1);
  // The preview's presence: a large sample, the drawn values beside a grid that fills the rest.
  const sample = await box(area(page, 'Preview').getByRole('img', { name: 'Sample image', exact: true }));
  const grid = await box(area(page, 'Preview').getByRole('list', { name: 'Variants' }));
  const drawn = await box(area(page, 'Preview').getByLabel('Drawn values'));
  expect(sample.width).toBeGreaterThanOrEqual(200);
  expect(drawn.right).toBeLessThanOrEqual(grid.x);
  expect(grid.right).toBeGreaterThan(preview.right - 40);
  expect((await box(area(page, 'Preview').getByRole('img', { name: 'Variant 1', exact: true }))).width).toBeGreaterThanOrEqual(100);
}

/** A folder of 20 classes of small shape PNGs, for a confusion matrix as large as the page promises to show whole. */
function makeTwentyClasses(root: string): string {
  const dir = join(root, 'animals');
  CLASSES.forEach((name, k) => {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      const image = makeShapeImage(drawShapeParams(SHAPES[k % SHAPES.length]!, mulberry32(k * 100 + i), IMAGE_PX));
      const png = makePng(IMAGE_PX, IMAGE_PX, (x, y) => {
        const o = (y * IMAGE_PX + x) * 3;
        return [image.data[o]!, (image.data[o + 1]! + k * 12) % 256, image.data[o + 2]!];
      });
      writeFileSync(join(dir, name, `${i}.png`), png);
    }
  });
  return dir;
}

test('before training: the areas in task order at both sizes, nothing wider than its region, empty states, no serious axe violations', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expectTaskFlow(page);
    expect(await horizontalOverflow(page)).toEqual([]);
    const results = area(page, 'Results');
    await expect(results.getByText('Loss and accuracy charts', { exact: false })).toBeVisible();
    await expect(results.getByText(/After the first epoch/)).toBeVisible();
    await shoot(page, testInfo, size, 'before', ['Data', 'Pipeline', 'Preview', 'Training']);
  }
  await expectNoSeriousViolations(page);
});

test('a narrow window gets one column and no sideways scroll', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 900 });
  await openApp(page);
  const boxes = await Promise.all((['Data', 'Pipeline', 'Preview', 'Training'] as const).map((name) => box(area(page, name))));
  for (let i = 1; i < boxes.length; i++) {
    expect(Math.abs(boxes[i]!.x - boxes[0]!.x)).toBeLessThan(2);
    expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom);
  }
  expect(await horizontalOverflow(page)).toEqual([]);
});

test('after training on 20 classes: summary line, charts with a legend, the whole confusion matrix, no serious axe violations', async ({ page }, testInfo) => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 180_000);
  await openApp(page);
  await area(page, 'Data').getByLabel('Add folder').setInputFiles(makeTwentyClasses(testInfo.outputPath()));
  await expect(area(page, 'Data').getByRole('status')).toHaveText(`Imported ${CLASSES.length * PER_CLASS} images.`, { timeout: 60_000 });
  await expect(page.getByText(/^Backend: \w+$/)).toBeVisible({ timeout: 60_000 });
  await trainTiny(page, 16);

  const results = area(page, 'Results');
  await expect(results.getByLabel('Results summary')).toHaveText(/^Validation accuracy \d+% \(best epoch 1\), \d+ (s|min), (WebGPU|WebGL|WASM|CPU)$/);
  const matrix = results.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix.getByRole('columnheader')).toHaveCount(CLASSES.length + 1);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const region = await box(area(page, 'Training'));
    for (const name of ['Loss chart', 'Accuracy chart']) {
      const chart = results.getByRole('img', { name, exact: true });
      expect((await box(chart)).width).toBeGreaterThanOrEqual(320);
      await expect(chart.locator('.u-legend')).toContainText('train');
      await expect(chart.locator('.u-legend')).toContainText('validation');
    }
    // Every class name heads a column inside the region, whole in its tooltip.
    for (const name of CLASSES) {
      const header = matrix.getByRole('columnheader', { name, exact: true });
      await expect(header).toHaveAttribute('title', name);
      const b = await box(header);
      expect(b.right, `column "${name}" at ${size.width} px`).toBeLessThanOrEqual(region.right);
    }
    expect(await horizontalOverflow(page)).toEqual([]);
    await shoot(page, testInfo, size, 'after', ['Training']);
  }
  await page.setViewportSize(SIZES[0]);
  await expectNoSeriousViolations(page);
});

test('the pipeline exports a Hugging Face preprocessor_config.json, or says which step has no equivalent', async ({ page }) => {
  await openApp(page);
  const pipeline = area(page, 'Pipeline');
  const download = page.waitForEvent('download');
  await pipeline.getByRole('button', { name: 'Export Hugging Face config' }).click();
  expect((await download).suggestedFilename()).toBe('preprocessor_config.json');
  await pipeline.getByRole('button', { name: 'Add step' }).click();
  await page.getByRole('dialog', { name: 'Step catalogue' }).getByRole('button', { name: 'Standardise', exact: true }).click();
  await pipeline.getByRole('button', { name: 'Export Hugging Face config' }).click();
  await expect(pipeline.getByRole('alert', { name: 'Hugging Face export' })).toContainText(/steps\[\d+\]: standardize has no exact equivalent/);
});
