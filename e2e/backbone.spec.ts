// Start from a pretrained network: import a backbone (a tfjs layers model made here, saved as
// model.json + one weight shard), fine-tune its last layer with a head for one epoch, predict an
// image; then a graph model (written by hand, graphFixture.ts): bad files, an input size the data
// cannot meet, a head trained one epoch, predict, and the export holding the graph.
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { GRAPH_SHARD, makeGraphBackboneFiles } from '../src/train/graphFixture.js';

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

type Upload = { name: string; mimeType: string; buffer: Buffer };

function graphFiles(size: number): Upload[] {
  return makeGraphBackboneFiles(size, 4, 3, [0, 1]).map((f) => ({ name: f.name, mimeType: f.name.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer: Buffer.from(f.bytes) }));
}

/** Trains one epoch and predicts a drawn square: three top classes come back. */
async function trainOneEpochAndPredict(page: Page, training: Locator): Promise<void> {
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByRole('button', { name: 'Train' }).click();
  await expect(training.getByRole('status', { name: 'Training status' })).toContainText('Finished.', { timeout: TRAIN_TIMEOUT_MS });
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
}

test('imports a backbone, fine-tunes its last layer with a head one epoch and predicts', async ({ page }) => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 60_000);
  const files = await backboneFiles();
  await page.goto('/');
  await expect(page.getByText(/^Backend: (webgpu|webgl|wasm|cpu)$/)).toBeVisible({ timeout: 60_000 });
  const training = page.getByRole('region', { name: 'Training' });

  // Only the model.json: the message names the missing weight file, and nothing else changes.
  await training.getByLabel('Import backbone', { exact: true }).setInputFiles([files[0]!]);
  await expect(training.getByRole('alert').filter({ hasText: `model.json needs the weight file ${SHARD}` })).toBeVisible();

  await training.getByLabel('Import backbone', { exact: true }).setInputFiles(files);
  await expect(training.getByRole('status', { name: 'Backbone' })).toContainText('model.json (layers model): input 64x64x3');
  await expect(training.getByLabel('Feature layer', { exact: true })).toHaveValue('features');

  // Fine-tuning: the page says the feature cache is off for it.
  await expect(training.getByRole('note', { name: 'Backbone training' })).toContainText('Backbone frozen: only the head trains. Features are computed every batch');
  await training.getByLabel('Fine-tune last layers', { exact: true }).fill('1');
  await expect(training.getByRole('note', { name: 'Backbone training' })).toContainText('Fine-tuning: the last 1 layer with weights train at 0.1 x the learning rate');
  await expect(training.getByRole('note', { name: 'Backbone training' })).toContainText('Features are not cached');
  await trainOneEpochAndPredict(page, training);
});

test('imports a graph model backbone, trains its head one epoch, predicts and exports it', async ({ page }) => {
  test.setTimeout(TRAIN_TIMEOUT_MS + 90_000);
  await page.goto('/');
  await expect(page.getByText(/^Backend: (webgpu|webgl|wasm|cpu)$/)).toBeVisible({ timeout: 60_000 });
  const training = page.getByRole('region', { name: 'Training' });
  const importBackbone = training.getByLabel('Import backbone', { exact: true });
  const alert = (text: string) => training.getByRole('alert').filter({ hasText: text });

  // Not a model, a model without its weights: each message names the file and what to do; no backbone appears.
  await importBackbone.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([1, 2, 3]) });
  await expect(alert('No .json file among photo.png')).toBeVisible();
  const [json, shard] = graphFiles(SIZE) as [Upload, Upload];
  await importBackbone.setInputFiles([json]);
  await expect(alert(`model.json needs the weight file ${GRAPH_SHARD}, which was not chosen`)).toBeVisible();
  await expect(training.getByRole('status', { name: 'Backbone' })).toHaveCount(0);

  // An input size the data cannot meet: the run stops with a message naming the file and the fix.
  await importBackbone.setInputFiles(graphFiles(32));
  await expect(training.getByRole('status', { name: 'Backbone' })).toContainText('model.json (graph model): input 32x32x3');
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByRole('button', { name: 'Train' }).click();
  await expect(alert('model.json takes 32x32 images but the pipeline gives 64x64: add a preprocess resize to 32x32')).toBeVisible({ timeout: 60_000 });

  await importBackbone.setInputFiles([json, shard]);
  await expect(training.getByRole('status', { name: 'Backbone' })).toContainText('model.json (graph model): input 64x64x3, values in [0, 1]');
  await expect(training.getByLabel('Feature layer', { exact: true })).toHaveValue('flatten/Reshape');
  await expect(training.getByLabel('Fine-tune last layers', { exact: true })).toBeDisabled();
  await trainOneEpochAndPredict(page, training);

  const downloadPromise = page.waitForEvent('download');
  await training.getByRole('button', { name: 'Export model' }).click();
  const zip = await readFile(await (await downloadPromise).path());
  // The graph travels inside the layers model's model.json, as its one custom layer.
  const modelJson = strFromU8(unzipSync(new Uint8Array(zip))['model.json']!);
  expect(modelJson).toContain('"class_name": "AugplayGraphBackbone"');
});
