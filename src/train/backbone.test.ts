// Import a backbone generated here (a small conv net trained for a moment, saved as model.json +
// one weight shard), train a head on its cached features, export backbone + head, fine-tune the
// last layer; and every bad file gets a message naming it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { FIXTURE_SHARD, makeBackboneFiles } from './backboneFixture.js';
import { checkBackboneInput, checkFeatureLayer, loadBackbone, type Backbone, type BackboneFile } from './backbone.js';
import { predictProbabilities } from './evaluate.js';
import { exportModelZip, importModelZip, makeMetadata } from './exportModel.js';
import { buildHead, featureExtractor, featureShape, FeatureSource, pipelineValueRange, stackHead, unfreezeLast } from './features.js';
import { quadrantDataset, quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS } from './types.js';

const SIZE = 8;
const SHARD = FIXTURE_SHARD;
/** Bounds a hang on a busy shared machine; not a speed check. */
const SLOW_MS = 60_000;
const immediately = (callback: () => void) => callback();
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

let files: BackboneFile[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  files = await makeBackboneFiles(tf, SIZE);
}, SLOW_MS);

async function load(): Promise<Backbone> {
  return loadBackbone(tf, files);
}

describe('loadBackbone', () => {
  it('reads a layers model: input shape, value range, layers and the default feature layer', async () => {
    const backbone = await load();
    expect(backbone.kind).toBe('layers');
    expect(backbone.inputShape).toEqual([SIZE, SIZE, 3]);
    expect(backbone.inputRange).toEqual([0, 1]);
    expect(backbone.layerNames).toEqual(['conv', 'pool', 'flatten', 'features', 'drop', 'classifier']);
    // The classifier's input, past the dropout.
    expect(backbone.defaultFeatureLayer).toBe('features');
    backbone.layers!.dispose();
  });

  it('names the file and what to do for a non-model, missing weights, an unknown layer, an input the data cannot meet', async () => {
    await expect(loadBackbone(tf, [{ name: 'notes.json', bytes: new TextEncoder().encode('hello') }])).rejects.toThrow(/notes.json is not JSON.*model.json/);
    await expect(loadBackbone(tf, [{ name: 'cats.json', bytes: encode({ cats: 3 }) }])).rejects.toThrow(/cats.json is not a TensorFlow.js model/);
    await expect(loadBackbone(tf, [{ name: 'photo.png', bytes: new Uint8Array([1]) }])).rejects.toThrow(/No .json file among photo.png/);
    await expect(loadBackbone(tf, [files[0]!])).rejects.toThrow(`model.json needs the weight file ${SHARD}, which was not chosen`);
    await expect(loadBackbone(tf, [files[0]!, { name: SHARD, bytes: files[1]!.bytes.slice(0, 100) }])).rejects.toThrow(/model.json: its weight files hold 100 bytes but the model needs \d+/);
    const backbone = await load();
    expect(() => checkFeatureLayer(backbone, 'block9')).toThrow(/model.json has no layer "block9"; its last layers are .*features.*default: features/);
    expect(checkBackboneInput(backbone, [SIZE, SIZE, 3], [0, 1])).toEqual([]);
    const problems = checkBackboneInput(backbone, [16, 16, 1], [0, 255]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/model.json takes 8x8 images but the pipeline gives 16x16: add a preprocess resize to 8x8/);
    expect(problems[1]).toMatch(/takes 3 channels but the pipeline gives 1/);
    expect(problems[2]).toMatch(/expects pixel values in \[0, 1\] but the pipeline's preprocess steps give \[0, 255\]/);
    backbone.layers!.dispose();
  });

  it('names the file when the model does not take images', async () => {
    const net = tf.sequential();
    net.add(tf.layers.dense({ inputShape: [4], units: 2 }));
    let saved: tf.io.ModelArtifacts | undefined;
    await net.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    net.dispose();
    const json = { format: 'layers-model', modelTopology: saved!.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: saved!.weightSpecs }] };
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(saved!.weightData!));
    await expect(loadBackbone(tf, [{ name: 'table.json', bytes: encode(json) }, { name: 'w.bin', bytes: weights }])).rejects.toThrow(
      'table.json takes input [?, 4]; a backbone takes one batch of images [batch, height, width, channels]: choose an image model.',
    );
  });

  it("reads the pipeline's value range from its preprocess steps", () => {
    expect(pipelineValueRange(presetPipeline('standard'))).toEqual([0, 1]);
  });
});

describe('a head on a frozen backbone', () => {
  it('trains on cached features, exports with the backbone, predicts the same, and fine-tunes only the unfrozen layer', async () => {
    const backbone = await load();
    const layer = backbone.defaultFeatureLayer;
    const pixels = quadrantSource(80, SIZE, 22);
    const { extract, model: extractor } = featureExtractor(tf, backbone, layer);
    const features = new FeatureSource(tf, extract, pixels, featureShape(tf, extract, pixels.sampleShape), true);
    expect(features.sampleShape).toEqual([1, 1, 16]);
    const head = buildHead(tf, features.sampleShape, 4, 7);
    const trainer = new Trainer(tf, head, features, { ...DEFAULT_SETTINGS, epochs: 8, batchSize: 8, learningRate: 0.02 }, { scheduler: immediately });
    await trainer.run();
    // Chance is 0.25; the backbone was trained on the same kind of images.
    expect(trainer.history.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.8);
    // Every image went through the backbone once, however many epochs.
    expect(features.backbonePasses).toBe(80);
    trainer.dispose();

    const stacked = stackHead(tf, backbone, layer, head);
    const metadata = makeMetadata(tf, { preset: 'mlp', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', inputSize: { width: SIZE, height: SIZE } });
    const zip = await exportModelZip(tf, { model: stacked, pipeline: presetPipeline('none'), classes: ['a', 'b', 'c', 'd'], metadata });
    const back = await importModelZip(tf, zip, 'export.zip');
    const { x } = quadrantDataset(3, SIZE, 23);
    const n = SIZE * SIZE * 3;
    for (let i = 0; i < 3; i++) {
      const sample = x.slice(i * n, (i + 1) * n);
      const viaHead = await predictProbabilities(tf, head, await tf.tidy(() => extract(tf.tensor(sample, [1, SIZE, SIZE, 3]))).data() as Float32Array, [1, 1, 16]);
      const exported = await predictProbabilities(tf, back.model, sample, [SIZE, SIZE, 3]);
      exported.forEach((p, k) => expect(p).toBeCloseTo(viaHead[k]!, 5));
    }
    back.model.dispose();

    expect(unfreezeLast(stacked, head, 1)).toEqual(['features']);
    const before = await Promise.all(stacked.getLayer('conv').getWeights().map((w) => w.data()));
    const featuresBefore = await stacked.getLayer('features').getWeights()[0]!.data();
    const tune = new Trainer(tf, stacked, pixels, { ...DEFAULT_SETTINGS, epochs: 1, batchSize: 8, learningRate: 0.002 }, { scheduler: immediately });
    await tune.run();
    tune.dispose();
    expect(await Promise.all(stacked.getLayer('conv').getWeights().map((w) => w.data()))).toEqual(before);
    expect(await stacked.getLayer('features').getWeights()[0]!.data()).not.toEqual(featuresBefore);
    // The extractor, the stacked model and the backbone share layers: disposing one frees them.
    expect(extractor).toBeDefined();
    backbone.layers!.dispose();
  }, SLOW_MS);
});
