// Groups of steps in the editor (issue 15): build a oneOf group of two steps, see the preview pick
// one per variant, export it as pipeline version 2, keep it over a reload, move a step out again.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

async function variantPixels(page: Page): Promise<string[]> {
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('list', { name: 'Variants' })).toHaveAttribute('aria-busy', 'false');
  const out: string[] = [];
  for (let i = 1; i <= 8; i++) out.push(await preview.getByRole('img', { name: `Variant ${i}`, exact: true }).evaluate((c) => (c as HTMLCanvasElement).toDataURL()));
  return out;
}

async function exportPipeline(page: Page): Promise<{ version: number; steps: { op: string }[]; groups?: unknown[] }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export pipeline' }).click();
  return JSON.parse(await readFile(await (await download).path(), 'utf8')) as { version: number; steps: { op: string }[]; groups?: unknown[] };
}

test('a oneOf group of two steps, built in the editor, picks one per sample and survives a reload', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await pipeline.getByRole('combobox', { name: 'Preset' }).selectOption('none');
  for (const op of ['Flip', 'Invert']) {
    await pipeline.getByRole('button', { name: 'Add step' }).click();
    await page.getByRole('dialog', { name: 'Step catalogue' }).getByRole('button', { name: op, exact: true }).click();
  }
  for (const name of ['Step 1: Flip', 'Step 2: Invert']) await pipeline.getByRole('group', { name }).getByRole('slider', { name: 'Probability' }).fill('1');
  // Both at p = 1: every variant is flipped and inverted, so all are alike.
  await expect.poll(async () => new Set(await variantPixels(page)).size).toBe(1);

  await pipeline.getByRole('group', { name: 'Step 1: Flip' }).getByRole('button', { name: 'Group with next step' }).click();
  const group = pipeline.getByRole('group', { name: 'Group 1: One of' });
  await expect(group).toBeVisible();
  await expect(group.getByRole('group', { name: /^Step \d+: / })).toHaveCount(2);
  // One of the two per variant: flipped or inverted, never both.
  await expect.poll(async () => new Set(await variantPixels(page)).size).toBe(2);
  const doc = await exportPipeline(page);
  expect(doc.version).toBe(2);
  expect(doc.groups).toEqual([{ kind: 'oneOf', first: 0, count: 2, p: 1, enabled: true }]);

  await group.getByRole('combobox', { name: 'Group kind' }).selectOption('someOf');
  await expect(pipeline.getByRole('group', { name: 'Group 1: Some of' })).toBeVisible();
  // The pipeline is saved shortly after an edit.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('augplay.pipeline') ?? '')).toContain('"someOf"');
  await page.reload();
  const kept = page.getByRole('region', { name: 'Pipeline' }).getByRole('group', { name: 'Group 1: Some of' });
  await expect(kept).toBeVisible();
  await expect(kept.getByRole('group', { name: /^Step \d+: / })).toHaveCount(2);

  await kept.getByRole('group', { name: 'Step 1: Flip' }).getByRole('button', { name: 'Move out of group 1' }).click();
  await expect(kept.getByRole('group', { name: /^Step \d+: / })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Pipeline' }).getByRole('group', { name: 'Step 2: Flip' })).toBeVisible();
});

test('MixUp as a batch step: the editor shows a mixed pair with its label weights; exported in the file', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const batch = page.getByRole('region', { name: 'Pipeline' }).getByRole('group', { name: 'Batch steps' });
  await batch.getByRole('checkbox', { name: 'MixUp' }).check();
  await expect(batch.getByRole('spinbutton', { name: 'MixUp alpha' })).toHaveValue('0.2');
  const pair = batch.getByRole('figure', { name: 'Mixed pair' });
  await expect(pair).toContainText(/label weights \d+% .+, \d+% .+/);
  const doc = await exportPipeline(page);
  expect((doc as { batch?: unknown }).batch).toEqual([{ op: 'mixUp', alpha: 0.2, p: 1, enabled: true }]);
});

test('drag a step into a group with the mouse (dnd-kit pointer drag, as a person does)', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await pipeline.getByRole('combobox', { name: 'Preset' }).selectOption('none');
  for (const op of ['Flip', 'Invert', 'Brightness']) {
    await pipeline.getByRole('button', { name: 'Add step' }).click();
    await page.getByRole('dialog', { name: 'Step catalogue' }).getByRole('button', { name: op, exact: true }).click();
  }
  await pipeline.getByRole('group', { name: 'Step 1: Flip' }).getByRole('button', { name: 'Group with next step' }).click();
  const group = pipeline.getByRole('group', { name: 'Group 1: One of' });
  await expect(group.getByRole('group', { name: /^Step \d+: / })).toHaveCount(2);
  await expect(group.getByRole('group', { name: 'Step 3: Brightness' })).toHaveCount(0);

  // Press the handle, move past the 4 px activation distance, travel to the first card of the group,
  // release. A tall window keeps both cards on screen, so the pointer really reaches them.
  await page.setViewportSize({ width: 1280, height: 2400 });
  const handle = pipeline.getByRole('button', { name: 'Drag Step 3: Brightness' });
  await group.scrollIntoViewIfNeeded();
  await handle.hover();
  const from = (await handle.boundingBox())!;
  const card = (await pipeline.getByRole('group', { name: 'Step 3: Brightness' }).boundingBox())!;
  const target = (await group.getByRole('group', { name: 'Step 1: Flip' }).boundingBox())!;
  // The list picks the card whose centre is closest to the dragged card's centre, which sits below the handle.
  const below = card.y + card.height / 2 - (from.y + from.height / 2);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 4 });
  await page.mouse.move(from.x + from.width / 2, target.y + target.height / 2 - below, { steps: 20 });
  await page.mouse.up();

  await expect(group.getByRole('group', { name: /^Step \d+: / })).toHaveCount(3);
  await expect(group.getByRole('group', { name: 'Step 1: Brightness' })).toBeVisible();
  const doc = await exportPipeline(page);
  expect(doc.steps.map((s) => s.op)).toEqual(['brightness', 'flip', 'invert', 'rescale']);
  expect(doc.groups).toEqual([{ kind: 'oneOf', first: 0, count: 3, p: 1, enabled: true }]);
});

test('AugMix from the catalogue: the preview hover shows the weight of the image and each chain with the ops it drew', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await pipeline.getByRole('combobox', { name: 'Preset' }).selectOption('none');
  await pipeline.getByRole('button', { name: 'Add step' }).click();
  await page.getByRole('dialog', { name: 'Step catalogue' }).getByRole('button', { name: 'AugMix', exact: true }).click();
  await expect(pipeline.getByRole('group', { name: 'Step 1: AugMix' })).toBeVisible();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('list', { name: 'Variants' })).toHaveAttribute('aria-busy', 'false');
  await preview.getByRole('img', { name: 'Variant 1', exact: true }).hover();
  // Three chains by default: "AugMix: image 0.42 + 0.21 × (Rotate -6.67, Equalize) + ...".
  await expect(preview.getByLabel('Drawn values')).toContainText(/AugMix: image \d\.\d\d( \+ \d\.\d\d × \([A-Za-z]+[^)]*\)){3}/);
});
