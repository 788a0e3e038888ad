// The segmentation journey (issue 13): a folder of 12 image + mask pairs (one mask of the wrong
// size) plus a mask without an image, both reported; the preview shows the masks; Task
// "Segmentation" trains the Small U-Net one epoch; the "Per-class IoU" table appears; "Predict
// image" shows the predicted mask over the picture.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makeMaskPng } from '../src/data/fixtures/maskPng.js';
import { makePng } from '../src/data/fixtures/png.js';
import { drawShapeParams, makeShapeImage, mulberry32 } from '../src/data/sampleImage.js';

/** SwiftShader runs WebGPU on the CPU: one epoch of a small U-Net on 12 tiny pictures. */
const TRAIN_TIMEOUT_MS = 240_000;
const SIDE = 24;

/** pairs/images/p{i}.png + pairs/masks/p{i}.png (p11's mask is 20 px wide), pairs/masks/orphan.png, pairs/classes.txt. */
function makePairs(root: string): string {
  const dir = join(root, 'pairs');
  mkdirSync(join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'masks'), { recursive: true });
  for (let i = 0; i < 12; i++) {
    const shape = makeShapeImage(drawShapeParams(i % 2 ? 'circle' : 'square', mulberry32(100 + i), SIDE));
    writeFileSync(join(dir, 'images', `p${i}.png`), makePng(SIDE, SIDE, (x, y) => {
      const o = (y * SIDE + x) * 3;
      return [shape.data[o]!, shape.data[o + 1]!, shape.data[o + 2]!];
    }));
    const width = i === 11 ? 20 : SIDE;
    writeFileSync(join(dir, 'masks', `p${i}.png`), makeMaskPng(width, SIDE, (x, y) => shape.mask![y * SIDE + x]!));
  }
  writeFileSync(join(dir, 'masks', 'orphan.png'), makeMaskPng(SIDE, SIDE, () => 1));
  writeFileSync(join(dir, 'classes.txt'), 'background\nshape\n');
  return dir;
}

test('imports image + mask pairs, previews the masks, trains Segmentation one epoch, shows per-class IoU and a predicted mask', async ({ page }, testInfo) => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 90_000);
  const folder = makePairs(testInfo.outputPath());
  await page.goto('/');
  const data = page.getByRole('region', { name: 'Data' });
  await expect(data.getByRole('table', { name: 'Classes' }).getByRole('rowheader', { name: 'star' })).toBeVisible();

  await data.getByLabel('Add folder').setInputFiles(folder);
  const report = data.getByRole('table', { name: 'Import report' });
  await expect(report.getByRole('row', { name: /pairs\/masks\/orphan\.png.*mask without an image/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /pairs\/masks\/p11\.png.*mask is 20 x 24 but pairs\/images\/p11\.png is 24 x 24/ })).toBeVisible();
  await expect(report.getByRole('row')).toHaveCount(3); // header + 2
  await expect(data.getByRole('status')).toHaveText('Imported 12 images; 2 problems listed below.');

  // The preview moves each user mask with its image; the overlay has an opacity control.
  const showMask = page.getByRole('checkbox', { name: 'Show mask' });
  await expect(showMask).toBeVisible();
  await showMask.check();
  await expect(page.getByRole('slider', { name: 'Mask opacity' })).toBeVisible();

  const training = page.getByRole('region', { name: 'Training' });
  await training.getByLabel('Task', { exact: true }).selectOption('segmentation');
  await expect(training.getByLabel('Segmentation model')).toContainText('Small U-Net');
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByLabel('Batch size', { exact: true }).fill('4');
  await training.getByLabel('Backend', { exact: true }).selectOption('webgpu');
  await training.getByRole('button', { name: 'Train' }).click();
  const status = training.getByRole('status', { name: 'Training status' });
  await expect(status).toContainText('Finished.', { timeout: TRAIN_TIMEOUT_MS });
  await expect(training.getByText(/^Data: your images: 12 images of \d+ px, 2 mask classes$/)).toBeVisible();

  const iou = training.getByRole('table', { name: 'Per-class IoU' });
  await expect(iou).toBeVisible();
  await expect(iou.getByRole('rowheader', { name: 'background' })).toBeVisible();
  await expect(iou.getByRole('rowheader', { name: 'shape' })).toBeVisible();
  await expect(iou.getByRole('rowheader', { name: 'mean IoU' })).toBeVisible();
  await expect(training.getByRole('list', { name: 'Validation predictions, worst first' }).getByRole('img').first()).toBeVisible();

  const png = makePng(SIDE, SIDE, (x, y) => ((x - 12) ** 2 + (y - 12) ** 2 < 40 ? [240, 200, 60] : [30, 30, 40]));
  await training.getByLabel('Predict image', { exact: true }).setInputFiles({ name: 'blob.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(training.getByRole('img', { name: 'Predicted mask', exact: true })).toBeVisible();
});
