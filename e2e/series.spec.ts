// Time series, end to end (issue 12), through accessible names: switch Modality to Time series,
// import a UCR-style file with two bad lines and see them reported, the preview changes when a
// step's range widens, train the 1-D CNN one epoch (through the same training session as images:
// the shared charts), the confusion matrix appears, export the pipeline and import it back, export
// the model, import that zip and predict the same. Tiny data: SwiftShader runs WebGPU on the CPU.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { AREAS, seriousViolations } from './helpers.js';

const CLASSES = ['up', 'down', 'wave'];
/** 18 good series of 24 steps (three shapes), with two bad lines at file lines 4 and 12. */
function ucrText(): string {
  const lines = Array.from({ length: 18 }, (_, i) => {
    const k = i % 3;
    const values = Array.from({ length: 24 }, (_, t) => (k === 0 ? t / 24 : k === 1 ? 1 - t / 24 : Math.sin(t / 2)) + ((i * 7 + t * 3) % 5) / 50);
    return [CLASSES[k], ...values.map((v) => v.toFixed(3))].join('\t');
  });
  lines.splice(3, 0, 'up\t0.1\toops\t0.3');
  lines.splice(11, 0, 'down');
  return lines.join('\n') + '\n';
}

const variantSvg = (page: Page, n: number) => page.getByRole('region', { name: 'Preview' }).getByRole('img', { name: `Variant ${n}`, exact: true });

test('time series: import with a report, preview follows the pipeline, 1-D CNN trains, pipeline round trip', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Modality' }).selectOption('series');
  const data = page.getByRole('region', { name: 'Data' });
  // The built-in gestures come first.
  await expect(data.getByText(/300 series, 3 channels/)).toBeVisible();
  await data.getByRole('button', { name: 'Clear time series' }).click();
  await expect(data.getByText('No time series loaded.')).toBeVisible();
  await data.getByRole('spinbutton', { name: 'Working length' }).fill('24');
  await data.getByRole('spinbutton', { name: 'Working length' }).blur();

  await data.getByLabel('Add time series').setInputFiles({ name: 'Tiny_TRAIN.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(ucrText()) });
  await expect(data.getByText(/18 series, 1 channel, at 24 steps/)).toBeVisible();
  const report = data.getByRole('table', { name: 'Import report' });
  await expect(report.getByRole('row')).toHaveCount(3);
  await expect(report.getByRole('row', { name: /Tiny_TRAIN\.tsv, line 4 .*"oops" is not a number/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /Tiny_TRAIN\.tsv, line 12 .*expected a label and at least one value/ })).toBeVisible();

  // Preview: four variants; widening jitter's sigma changes them; hovering shows the drawn sigma.
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await expect(variantSvg(page, 4)).toBeVisible();
  await pipeline.getByRole('spinbutton', { name: 'Step 2: Jitter probability' }).fill('1');
  const before = await variantSvg(page, 1).innerHTML();
  await pipeline.getByRole('spinbutton', { name: 'Step 2: Jitter sigma maximum' }).fill('0.5');
  await expect.poll(() => variantSvg(page, 1).innerHTML()).not.toBe(before);
  await expect(variantSvg(page, 1).locator('title')).toHaveText(/jitter: sigma 0\.\d+/);

  // Export the pipeline, change it, import the file back.
  const download = page.waitForEvent('download');
  await pipeline.getByRole('button', { name: 'Export pipeline' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(await readFile(file, 'utf8')) as { modality: string; steps: { op: string; params: Record<string, unknown> }[] };
  expect(exported.modality).toBe('series');
  expect(exported.steps[1]).toMatchObject({ op: 'jitter', p: 1, params: { sigma: [0.03, 0.5] } });
  await pipeline.getByRole('button', { name: 'Remove Step 2: Jitter' }).click();
  await expect(pipeline.getByRole('heading', { name: 'Step 2: Scaling' })).toBeVisible();
  // (The image editor's hidden file input has the same label: take the visible region's.)
  await pipeline.locator('.series-pipeline').getByLabel('Import pipeline').setInputFiles(file);
  await expect(pipeline.getByRole('heading', { name: 'Step 2: Jitter' })).toBeVisible();
  await expect(pipeline.getByRole('spinbutton', { name: 'Step 2: Jitter sigma maximum' })).toHaveValue('0.5');

  // Train the 1-D CNN one epoch: the confusion matrix appears.
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('combobox', { name: 'Model' }).selectOption({ label: '1-D CNN' });
  await training.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
  await training.getByRole('button', { name: 'Train' }).click();
  await expect(training.getByRole('status', { name: 'Series training status' })).toHaveText(/Done: 1 epoch/, { timeout: 180_000 });
  await expect(training.getByRole('img', { name: 'Loss chart' })).toBeVisible();
  const confusion = training.getByRole('table', { name: 'Confusion matrix' });
  await expect(confusion).toBeVisible();
  await expect(confusion.getByRole('columnheader', { name: 'wave' })).toBeVisible();

  // The model export bundle, as for images.
  const modelDownload = page.waitForEvent('download');
  await training.getByRole('button', { name: 'Export model' }).click();
  const modelFile = await modelDownload;
  expect(modelFile.suggestedFilename()).toBe('augplay-series-model.zip');

  // Predict a pasted series through inference mode.
  await training.getByRole('textbox', { name: 'Series to predict' }).fill(Array.from({ length: 30 }, (_, t) => (t / 30).toFixed(3)).join('\n'));
  await training.getByRole('button', { name: 'Predict', exact: true }).click();
  const predicted = training.getByRole('list', { name: 'Prediction' });
  await expect(predicted.getByRole('listitem')).toHaveCount(3);

  // Import the exported zip: the imported model (its own pipeline and working length) answers.
  // (Not compared digit for digit: the trained model may have run in the trainer worker on another backend.)
  await training.locator('.series-training').getByLabel('Import model').setInputFiles({ name: 'augplay-series-model.zip', mimeType: 'application/zip', buffer: await readFile(await modelFile.path()) });
  await expect(training.getByRole('status', { name: 'Series training status' })).toHaveText(/Imported augplay-series-model\.zip: 24 steps x 1 channel, 3 classes/);
  await expect(predicted).toHaveCount(0);
  await training.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(predicted.getByRole('listitem')).toHaveCount(3);

  // The series panels pass axe as the image ones do: no serious or critical violation in any area.
  const found: string[] = [];
  // (Results is a region of the image training panel, hidden in this modality: the series results sit in Training.)
  for (const name of AREAS.filter((a) => a !== 'Results')) found.push(...(await seriousViolations(page, name)));
  expect(found).toEqual([]);
});
