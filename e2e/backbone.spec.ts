// Start from a pretrained network: import a backbone (a tfjs layers model made here, saved as
// model.json + one weight shard), train a head on its features for one epoch, predict an image.
import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';

/** Training happens on the page's backend (SwiftShader WebGPU or WASM): generous, not a speed check. */
const TRAIN_TIMEOUT_MS = 150_000;
/** The built-in sample's working size: the backbone takes what the Data panel gives. */
const SIZE = 64;
const SHARD = 'group1-shard1of1.bin';

async function backboneFiles(): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  await tf.setBackend('cpu');
  const net = tf.sequential({ name: 'e2e_backbone' });
  net.add(tf.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: 4, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }), name: 'conv' }));
  net.add(tf.layers.globalAveragePooling2d({ name: 'pool' }));
  net.add(tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 2 }), name: 'features' }));
  net.add(tf.layers.dense({ units: 3, name: 'classifier' }));
  let saved: tf.io.ModelArtifacts | undefined;
  await net.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  const modelJson = { format: 'layers-model', modelTopology: saved!.modelTopology, weightsManifest: [{ paths: [SHARD], weights: saved!.weightSpecs }], userDefinedMetadata: { augplay: { inputRange: [0, 1] } } };
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelJson)) },
    { name: SHARD, mimeType: 'application/octet-stream', buffer: Buffer.from(tf.io.CompositeArrayBuffer.join(saved!.weightData!)) },
  ];
}

test('imports a backbone, trains its head one epoch and predicts', async ({ page }) => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 60_000);
  const files = await backboneFiles();
  await page.goto('/');
  await expect(page.getByText(/^Backend: (webgpu|webgl|wasm|cpu)$/)).toBeVisible({ timeout: 60_000 });
  const training = page.getByRole('region', { name: 'Training' });

  // Only the model.json: the message names the missing weight file, and nothing else changes.
  await training.getByLabel('Import backbone', { exact: true }).setInputFiles([files[0]!]);
  await expect(training.getByRole('alert').filter({ hasText: `model.json needs the weight file ${SHARD}` })).toBeVisible();

  await training.getByLabel('Import backbone', { exact: true }).setInputFiles(files);
  await expect(training.getByRole('status', { name: 'Backbone' })).toContainText('model.json: input 64x64x3');
  await expect(training.getByLabel('Feature layer', { exact: true })).toHaveValue('features');

  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByRole('button', { name: 'Train' }).click();
  const status = training.getByRole('status', { name: 'Training status' });
  await expect(status).toContainText('Finished.', { timeout: TRAIN_TIMEOUT_MS });
  await expect(training.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();

  const png = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(64, 64);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#f0c040';
    context.fillRect(16, 16, 32, 32);
    return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  await training.getByLabel('Predict image', { exact: true }).setInputFiles({ name: 'square.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(training.getByRole('list', { name: 'Top classes' }).getByRole('listitem')).toHaveCount(3);
});
