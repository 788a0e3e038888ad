// Compare runs (issue 15): a 2-variant comparison of one epoch each on the built-in data; the
// "Run comparison" table shows both rows and the chart both curves; a reload keeps them.
import { expect, test } from '@playwright/test';
import { area, openApp, TRAIN_TIMEOUT_MS } from './helpers.js';

test('a 2-variant comparison of one epoch each is shown and kept over a reload', async ({ page }) => {
  test.setTimeout(3 * TRAIN_TIMEOUT_MS);
  await openApp(page);
  const training = area(page, 'Training');
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByLabel('Batch size', { exact: true }).fill('64');
  await training.getByLabel('Learning rate', { exact: true }).fill('0.002');
  const compare = training.getByRole('region', { name: 'Compare' });
  await compare.getByLabel('Variants to train').fill('2');
  await compare.getByRole('button', { name: 'Compare variants' }).click();
  const table = compare.getByRole('table', { name: 'Run comparison' });
  await expect(table.getByRole('row')).toHaveCount(3, { timeout: 2 * TRAIN_TIMEOUT_MS });
  await expect(table.getByRole('rowheader')).toHaveText(['No augmentation', 'Current pipeline']);
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(4)).toHaveText('1');
  await expect(compare.getByRole('img', { name: 'Comparison chart' }).locator('polyline')).toHaveCount(2);
  await expect(compare.getByRole('button', { name: 'Compare variants' })).toBeEnabled();

  await page.reload();
  const kept = area(page, 'Training').getByRole('region', { name: 'Compare' }).getByRole('table', { name: 'Run comparison' });
  await expect(kept.getByRole('rowheader')).toHaveText(['No augmentation', 'Current pipeline']);
});

test('Stop pressed at once (before the first batch) stops the comparison and keeps no run', async ({ page }) => {
  test.setTimeout(2 * TRAIN_TIMEOUT_MS);
  await openApp(page);
  const training = area(page, 'Training');
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('3');
  const compare = training.getByRole('region', { name: 'Compare' });
  await compare.getByLabel('Variants to train').fill('2');
  await compare.getByRole('button', { name: 'Compare variants' }).click();
  await compare.getByRole('button', { name: 'Stop comparison' }).click();
  await expect(compare.getByRole('status', { name: 'Comparison stopped' })).toHaveText(/^No augmentation: stopped at epoch 1 of 3; a partial run is not kept/, { timeout: TRAIN_TIMEOUT_MS });
  await expect(compare.getByRole('table', { name: 'Run comparison' })).toHaveCount(0);
  await expect(compare.getByRole('button', { name: 'Compare variants' })).toBeEnabled();
  await expect(training.getByRole('button', { name: 'Resume' })).toBeVisible();
});
