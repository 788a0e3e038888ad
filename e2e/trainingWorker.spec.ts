// Training runs in a dedicated worker on every backend: the page stays responsive, so Pause, Resume and Stop
// act at the next batch while the model trains. Kept tiny: the built-in sample and the MLP.
import { expect, test } from '@playwright/test';

test('trains on WASM in a worker, and Pause, Resume and Stop act while it trains', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByText(/^Backend: /)).not.toHaveText('Backend: detecting…', { timeout: 60_000 });
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('30');
  await training.getByLabel('Batch size', { exact: true }).fill('8');
  await training.getByLabel('Backend', { exact: true }).selectOption('wasm');
  await expect(page.getByText('Backend: wasm', { exact: true })).toBeVisible({ timeout: 60_000 });

  await training.getByRole('button', { name: 'Train' }).click();
  const status = training.getByRole('status', { name: 'Training status' });
  await expect(status).toContainText('Training: epoch', { timeout: 60_000 });
  // The run is the worker's: the backend line says so.
  await expect(page.getByRole('status', { name: 'Backend status' })).toContainText('in a worker');

  await training.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toContainText('Paused:');
  const pausedAt = await status.textContent();
  await page.waitForTimeout(1000);
  // Paused means paused: no batch trains in the worker meanwhile.
  await expect(status).toHaveText(pausedAt ?? '');

  await training.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toContainText('Training: epoch');
  await training.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText('Stopped:');
  await expect(training.getByRole('button', { name: 'Train' })).toBeEnabled();
});

// GPU backends train in the worker too (WebGL through OffscreenCanvas, WebGPU through the worker's
// navigator.gpu): their shader compilation and model build do not block the page (issue 16).
for (const backend of ['webgl', 'webgpu'] as const) {
  test(`trains on ${backend} in the worker, and Stop acts while it trains`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    await expect(page.getByText(/^Backend: /)).not.toHaveText('Backend: detecting…', { timeout: 60_000 });
    const training = page.getByRole('region', { name: 'Training' });
    await training.getByLabel('Model', { exact: true }).selectOption('mlp');
    await training.getByLabel('Epochs', { exact: true }).fill('30');
    await training.getByLabel('Batch size', { exact: true }).fill('8');
    await training.getByLabel('Backend', { exact: true }).selectOption(backend);
    await expect(page.getByText(`Backend: ${backend}`, { exact: true })).toBeVisible({ timeout: 60_000 });

    await training.getByRole('button', { name: 'Train' }).click();
    const status = training.getByRole('status', { name: 'Training status' });
    await expect(status).toContainText(/Training: epoch \d+ of 30, batch [1-9]/, { timeout: 120_000 });
    await expect(status).toContainText(`On ${backend}`);
    await expect(page.getByRole('status', { name: 'Backend status' })).toContainText('in a worker');
    await training.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toContainText('Stopped:');
    await expect(training.getByRole('button', { name: 'Train' })).toBeEnabled();
  });
}
