// The training journey on WebGPU (SwiftShader): train one epoch of a small model, watch the charts
// fill, read the confusion matrix, predict an image, export the model and import it back.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

/** SwiftShader runs WebGPU on the CPU: one epoch of the MLP takes seconds to a minute there. */
const TRAIN_TIMEOUT_MS = 150_000;

/** A PNG of a bright circle on a dark background, drawn in the page. */
async function circlePng(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(64, 64);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#202830';
    context.fillRect(0, 0, 64, 64);
    context.fillStyle = '#f0c040';
    context.beginPath();
    context.arc(32, 32, 18, 0, Math.PI * 2);
    context.fill();
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  return Buffer.from(bytes);
}

test('trains one epoch on WebGPU, evaluates, predicts, exports and imports the model', async ({ page }) => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 60_000);
  await page.goto('/');
  await expect(page.getByText('Backend: webgpu', { exact: true })).toBeVisible({ timeout: 60_000 });

  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByLabel('Batch size', { exact: true }).fill('64');
  await training.getByLabel('Learning rate', { exact: true }).fill('0.002');
  await expect(training.getByLabel('Optimizer', { exact: true })).toHaveValue('adam');
  // "Auto" measures, and on SwiftShader picks WASM (in the worker): this journey is WebGPU's, so it asks for it.
  await expect(training.getByLabel('Backend', { exact: true })).toHaveValue('auto');
  await training.getByLabel('Backend', { exact: true }).selectOption('webgpu');

  await training.getByRole('button', { name: 'Train' }).click();
  const status = training.getByRole('status', { name: 'Training status' });
  await expect(training.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();
  await expect(status).toContainText('Finished.', { timeout: TRAIN_TIMEOUT_MS });
  await expect(status).toContainText('On webgpu');
  // Trained on the Data panel's dataset (through the worker pool), not on a fallback.
  await expect(training.getByText(/^Data: built-in sample: \d+ images of \d+ px, 4 classes$/)).toBeVisible();
  await expect(page.getByText('Backend: webgpu', { exact: true })).toBeVisible();

  const lossChart = training.getByRole('img', { name: 'Loss chart' });
  const accuracyChart = training.getByRole('img', { name: 'Accuracy chart' });
  await expect(lossChart).toBeVisible();
  await expect(lossChart).toHaveAccessibleDescription(/Loss: [1-9]\d* points, last \d/);
  await expect(accuracyChart).toHaveAccessibleDescription(/Accuracy: [1-9]\d* points.*validation/);
  await expect(training.getByRole('term').filter({ hasText: 'Samples/s' })).toBeVisible();

  const matrix = training.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix).toBeVisible();
  await expect(matrix.getByRole('columnheader', { name: 'circle' })).toBeVisible();
  await expect(training.getByRole('table', { name: 'Per-class precision and recall' })).toBeVisible();
  await training.getByLabel(/Normalised/).check();
  await expect(matrix.getByRole('cell').filter({ hasText: '%' }).first()).toBeVisible();

  await training.getByLabel('Predict image', { exact: true }).setInputFiles({ name: 'circle.png', mimeType: 'image/png', buffer: await circlePng(page) });
  await expect(training.getByRole('list', { name: 'Top classes' }).getByRole('listitem')).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath('training.png'), fullPage: true });
  // One picture per area, for the issue notes.
  for (const area of ['Data', 'Pipeline', 'Preview', 'Training']) {
    await page.getByRole('region', { name: area }).screenshot({ path: test.info().outputPath(`area-${area.toLowerCase()}.png`) });
  }

  const downloadPromise = page.waitForEvent('download');
  await training.getByRole('button', { name: 'Export model' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^augplay-model-mlp\.zip$/);
  const zip = await readFile(await download.path());
  // A zip's local file header signature: PK\3\4.
  expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

  await training.getByLabel('Import model', { exact: true }).setInputFiles({ name: 'augplay-model-mlp.zip', mimeType: 'application/zip', buffer: zip });
  await expect(training.getByText(/^Imported augplay-model-mlp\.zip: 4 classes/)).toBeVisible();
  await training.getByLabel('Predict image', { exact: true }).setInputFiles({ name: 'circle.png', mimeType: 'image/png', buffer: await circlePng(page) });
  await expect(training.getByRole('list', { name: 'Top classes' }).getByRole('listitem')).toHaveCount(3);
});

test('a model file that is not an export gets a message naming it', async ({ page }) => {
  await page.goto('/');
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Import model', { exact: true }).setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await expect(training.getByRole('alert')).toContainText('notes.zip is not a zip file');
});

test('training settings survive a reload', async ({ page }) => {
  await page.goto('/');
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('3');
  await training.getByLabel('Learning rate', { exact: true }).fill('0.01');
  await training.getByLabel('Optimizer', { exact: true }).selectOption('rmsprop');
  await page.reload();
  const again = page.getByRole('region', { name: 'Training' });
  await expect(again.getByLabel('Model', { exact: true })).toHaveValue('mlp');
  await expect(again.getByLabel('Epochs', { exact: true })).toHaveValue('3');
  await expect(again.getByLabel('Learning rate', { exact: true })).toHaveValue('0.01');
  await expect(again.getByLabel('Optimizer', { exact: true })).toHaveValue('rmsprop');
});

test('a checkpoint saved after an epoch is offered after a reload, and training continues from it', async ({ page }) => {
  test.setTimeout(2 * TRAIN_TIMEOUT_MS);
  await page.goto('/');
  await expect(page.getByText('Backend: webgpu', { exact: true })).toBeVisible({ timeout: 60_000 });
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('2');
  await training.getByLabel('Batch size', { exact: true }).fill('128');
  await training.getByRole('button', { name: 'Train' }).click();
  const status = training.getByRole('status', { name: 'Training status' });
  // Stop during the second epoch: the first epoch's checkpoint is in IndexedDB by then.
  await expect(status).toContainText('epoch 2 of 2', { timeout: TRAIN_TIMEOUT_MS });
  await training.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText('Stopped', { timeout: TRAIN_TIMEOUT_MS });

  await page.reload();
  const checkpoint = page.getByRole('region', { name: 'Training' }).getByRole('group', { name: 'Checkpoint' });
  await expect(checkpoint).toContainText('after 1 of 2 epochs', { timeout: 60_000 });
  await checkpoint.getByRole('button', { name: 'Continue from checkpoint' }).click();
  const again = page.getByRole('region', { name: 'Training' }).getByRole('status', { name: 'Training status' });
  await expect(again).toContainText('Finished.', { timeout: TRAIN_TIMEOUT_MS });
  await expect(page.getByRole('region', { name: 'Training' }).getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
});
