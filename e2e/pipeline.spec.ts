// The pipeline editor and preview, driven as a person would: through roles and labels.
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';

const pixels = (canvas: Locator) => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());

/** Pixels of the 8 variants once the preview has caught up with the pipeline (it computes on the worker pool). */
async function variantPixels(page: Page): Promise<string[]> {
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('list', { name: 'Variants' })).toHaveAttribute('aria-busy', 'false');
  const out: string[] = [];
  for (let i = 1; i <= 8; i++) out.push(await pixels(preview.getByRole('img', { name: `Variant ${i}`, exact: true })));
  return out;
}

const steps = (page: Page) => page.getByRole('region', { name: 'Pipeline' }).getByRole('group', { name: /^Step \d+: / });

async function stepNames(page: Page): Promise<string[]> {
  return steps(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

async function exportPipeline(page: Page): Promise<unknown> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export pipeline' }).click();
  const file = await (await download).path();
  return JSON.parse(await readFile(file, 'utf8'));
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole('region', { name: 'Preview' }).getByRole('img', { name: 'Variant 8', exact: true })).toBeVisible();
});

test('add a Rotate step, widen its range: the preview changes; undo brings it back', async ({ page }) => {
  const pipelineRegion = page.getByRole('region', { name: 'Pipeline' });
  await pipelineRegion.getByRole('button', { name: 'Preset' }).or(pipelineRegion.getByRole('combobox', { name: 'Preset' })).selectOption('none');
  // With only rescale (skipped for display), every variant is the sample itself.
  await expect.poll(async () => new Set(await variantPixels(page)).size).toBe(1);
  const before = await variantPixels(page);

  await pipelineRegion.getByRole('button', { name: 'Add step' }).click();
  await page.getByRole('dialog', { name: 'Step catalogue' }).getByRole('button', { name: 'Rotate', exact: true }).click();
  const rotate = pipelineRegion.getByRole('group', { name: 'Step 1: Rotate' });
  await expect(rotate).toBeVisible();
  await rotate.getByRole('slider', { name: 'Probability' }).fill('1');
  await rotate.getByRole('slider', { name: 'degrees maximum' }).fill('90');
  await rotate.getByRole('slider', { name: 'degrees minimum' }).fill('-90');
  await expect(rotate.getByText('-90 to 90 degrees')).toBeVisible();
  await expect.poll(async () => new Set(await variantPixels(page)).size).toBeGreaterThan(4);

  // Quick edits of one range merge into one undo step; then undo the probability and the added step.
  await pipelineRegion.getByRole('button', { name: 'Undo' }).click();
  await expect(rotate.getByText('-15 to 15 degrees')).toBeVisible();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(pipelineRegion.getByRole('group', { name: 'Step 1: Rotate' })).toHaveCount(0);
  await expect.poll(() => variantPixels(page)).toEqual(before);
  await page.keyboard.press('Control+Shift+z');
  await expect(pipelineRegion.getByRole('group', { name: 'Step 1: Rotate' })).toBeVisible();
});

test('reorder and disable steps; an invalid move is refused with the reason', async ({ page }) => {
  const pipelineRegion = page.getByRole('region', { name: 'Pipeline' });
  const start = await stepNames(page);
  // The default pipeline: the standard preset without its horizontal flip (src/pipeline/presets.ts).
  expect(start.slice(0, 2)).toEqual(['Step 1: Rotate', 'Step 2: Brightness']);
  expect(start.some((n) => n.endsWith(': Flip'))).toBe(false);
  await pipelineRegion.getByRole('group', { name: 'Step 1: Rotate' }).getByRole('button', { name: 'Move down' }).click();
  expect((await stepNames(page)).slice(0, 2)).toEqual(['Step 1: Brightness', 'Step 2: Rotate']);

  const rotate = pipelineRegion.getByRole('group', { name: 'Step 2: Rotate' });
  await rotate.getByRole('checkbox', { name: 'Enabled' }).uncheck();
  await expect(rotate.getByRole('checkbox', { name: 'Enabled' })).not.toBeChecked();

  // Moving Gaussian noise below rescale would feed it values that are no longer pixels.
  const names = await stepNames(page);
  const noise = names.findIndex((n) => n.endsWith('Gaussian noise'));
  await pipelineRegion.getByRole('group', { name: names[noise] }).getByRole('button', { name: 'Move down' }).click();
  await expect(pipelineRegion.getByRole('alert')).toContainText('gaussianNoise works on pixel values 0-255, so it must come before rescale');
  expect(await stepNames(page)).toEqual(names);
});

test('export, import the file back: the same pipeline; a broken file names the field and changes nothing', async ({ page }, testInfo) => {
  const pipelineRegion = page.getByRole('region', { name: 'Pipeline' });
  await pipelineRegion.getByRole('spinbutton', { name: 'Augmentation seed' }).fill('777');
  const exported = (await exportPipeline(page)) as { seed: number; steps: unknown[] };
  expect(exported.seed).toBe(777);

  await pipelineRegion.getByRole('combobox', { name: 'Preset' }).selectOption('heavy');
  expect(await exportPipeline(page)).not.toEqual(exported);

  await pipelineRegion.getByLabel('Import pipeline').setInputFiles({ name: 'pipeline.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(pipelineRegion.getByRole('status', { name: 'Pipeline file status' })).toHaveText('Imported pipeline.json.');
  expect(await exportPipeline(page)).toEqual(exported);

  const broken = { ...exported, steps: [{ op: 'rotate', params: { degrees: [30, -30] } }] };
  await pipelineRegion.getByLabel('Import pipeline').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(pipelineRegion.getByRole('alert')).toContainText('steps[0].params.degrees: expected [min, max] with min <= max');
  expect(await exportPipeline(page)).toEqual(exported);
  await pipelineRegion.screenshot({ path: testInfo.outputPath('pipeline-region.png') });
});

test('the pipeline survives a reload', async ({ page }) => {
  const pipelineRegion = page.getByRole('region', { name: 'Pipeline' });
  await pipelineRegion.getByRole('combobox', { name: 'Preset' }).selectOption('heavy');
  await pipelineRegion.getByRole('spinbutton', { name: 'Augmentation seed' }).fill('4242');
  const saved = await exportPipeline(page);
  await page.waitForTimeout(500); // saving waits for edits to settle (SAVE_DELAY_MS)
  await page.reload();
  await expect(page.getByRole('region', { name: 'Pipeline' }).getByRole('spinbutton', { name: 'Augmentation seed' })).toHaveValue('4242');
  expect(await exportPipeline(page)).toEqual(saved);
});

test('keyboard only: add a step and move it', async ({ page }) => {
  const pipelineRegion = page.getByRole('region', { name: 'Pipeline' });
  const addStep = pipelineRegion.getByRole('button', { name: 'Add step' });
  await addStep.focus();
  await page.keyboard.press('Enter');
  // The catalogue opens with focus on its first op; tab to Invert and press Enter.
  const catalogue = page.getByRole('dialog', { name: 'Step catalogue' });
  await expect(catalogue).toBeVisible();
  for (let i = 0; i < 30; i++) {
    if (await catalogue.getByRole('button', { name: 'Invert', exact: true }).evaluate((b) => b === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  const names = await stepNames(page);
  const at = names.findIndex((n) => n.endsWith(': Invert'));
  expect(at).toBeGreaterThan(0);
  const invert = pipelineRegion.getByRole('group', { name: names[at] });
  await invert.getByRole('button', { name: 'Move up' }).focus();
  await page.keyboard.press('Enter');
  expect((await stepNames(page))[at - 1]).toMatch(/: Invert$/);
});

test('hovering a variant shows what each step drew; show original swaps in the sample', async ({ page }, testInfo) => {
  const preview = page.getByRole('region', { name: 'Preview' });
  // Wait for the built-in dataset to replace the first picture, so the sample does not change under the test.
  await expect(preview.getByText('sample/circle/000.png (circle)')).toBeVisible();
  await expect(preview.getByRole('list', { name: 'Variants' })).toHaveAttribute('aria-busy', 'false');
  await preview.getByRole('img', { name: 'Variant 2', exact: true }).hover();
  await expect(preview.getByLabel('Drawn values')).toContainText('Variant 2');
  await expect(preview.getByLabel('Drawn values')).toContainText(/Rotate: (degrees -?\d|skipped)/);
  const sample = await pixels(preview.getByRole('img', { name: 'Sample image' }));
  const variant1 = preview.getByRole('img', { name: 'Variant 1', exact: true });
  const plain = await pixels(variant1);
  await preview.getByRole('checkbox', { name: 'Show mask' }).check();
  expect(await pixels(variant1)).not.toEqual(plain);
  await preview.getByRole('checkbox', { name: 'Show mask' }).uncheck();
  await preview.getByRole('checkbox', { name: 'Show original' }).check();
  expect(await pixels(variant1)).toEqual(sample);
  // Picking another sample in the thumbnails previews that one.
  await page.getByRole('region', { name: 'Data' }).getByRole('button', { name: 'Preview sample/square/000.png' }).click();
  await expect(preview.getByText('sample/square/000.png (square)')).toBeVisible();
  expect(await pixels(preview.getByRole('img', { name: 'Sample image' }))).not.toEqual(sample);
  await preview.getByRole('combobox', { name: 'Variants' }).selectOption('16');
  await expect(preview.getByRole('img', { name: 'Variant 16', exact: true })).toBeVisible();
  await preview.screenshot({ path: testInfo.outputPath('preview-region.png') });
  await page.screenshot({ path: testInfo.outputPath('page.png'), fullPage: true });
});
