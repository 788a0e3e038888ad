// A graph model as the backbone (model.json with format "graph-model" + one shard, written by hand in
// graphFixture.ts): read, feature node picked, head trained on its cached features, predicted and
// exported with the graph inside, imported back; and every bad file or choice gets a message naming it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { checkBackboneInput, checkFeatureLayer, loadBackbone, type BackboneFile } from './backbone.js';
import { loadPageBackbone, prepareBackboneRun } from './backboneRun.js';
import { predictProbabilities } from './evaluate.js';
import { exportModelZip, importModelZip, makeMetadata } from './exportModel.js';
import { FeatureSource } from './features.js';
import { GRAPH_LAYER_CLASS, graphWeights } from './graphLayer.js';
import { GRAPH_FEATURE_NODE, GRAPH_SHARD, makeGraphBackboneFiles } from './graphFixture.js';
import { quadrantDataset, quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS } from './types.js';

const SIZE = 8;
/** Bounds a hang on a busy shared machine; not a speed check. */
const SLOW_MS = 60_000;
const immediately = (callback: () => void) => callback();
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const RUN = { initSeed: 3, fineTuneLayers: 0, fineTuneRateFactor: 0.1 };

let files: BackboneFile[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  files = makeGraphBackboneFiles(SIZE, 4, 4, [0, 1]);
});

describe('a graph model as the backbone', () => {
  it('reads input shape, value range, the nodes a head can take (no constants) and the classifier input as default', async () => {
    const backbone = await loadBackbone(tf, files);
    expect(backbone.kind).toBe('graph');
    expect(backbone.inputShape).toEqual([SIZE, SIZE, 3]);
    expect(backbone.inputRange).toEqual([0, 1]);
    expect(backbone.layerNames).toEqual(['input', 'conv/Conv2D', 'conv/BiasAdd', 'conv/Relu', GRAPH_FEATURE_NODE, 'dense/MatMul', 'dense/BiasAdd', 'probs']);
    expect(backbone.defaultFeatureLayer).toBe(GRAPH_FEATURE_NODE);
    backbone.dispose();
  });

  it('trains a head on cached features, predicts through graph + head, exports with the graph and imports it back', async () => {
    const { backbone, featureLayer } = await loadPageBackbone(tf, files);
    const pixels = quadrantSource(80, SIZE, 31);
    const run = prepareBackboneRun(tf, backbone, featureLayer, presetPipeline('none'), pixels, 4, RUN);
    expect(run.fineTune).toBeUndefined();
    const features = run.source as FeatureSource;
    expect(features.sampleShape).toEqual([1, 1, (SIZE / 2) * (SIZE / 2) * 4]);
    const trainer = new Trainer(tf, run.head, features, { ...DEFAULT_SETTINGS, epochs: 10, batchSize: 8, learningRate: 0.02 }, { scheduler: immediately });
    await trainer.run();
    trainer.dispose();
    // Chance is 0.25: the graph's stride-2 feature map keeps where the bright patch is.
    expect(trainer.history.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.8);
    // Every image went through the graph once, however many epochs.
    expect(features.backbonePasses).toBe(80);

    const metadata = makeMetadata(tf, { preset: 'mlp', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', inputSize: { width: SIZE, height: SIZE } });
    const zip = await exportModelZip(tf, { model: run.stacked, pipeline: presetPipeline('none'), classes: ['a', 'b', 'c', 'd'], metadata });
    const back = await importModelZip(tf, zip, 'export.zip');
    const { x } = quadrantDataset(4, SIZE, 32);
    const n = SIZE * SIZE * 3;
    for (let i = 0; i < 4; i++) {
      const sample = x.slice(i * n, (i + 1) * n);
      const feature = tf.tidy(() => backbone.graph!.execute(tf.tensor(sample, [1, SIZE, SIZE, 3]), featureLayer) as tf.Tensor);
      const viaHead = await predictProbabilities(tf, run.head, (await feature.data()) as Float32Array, features.sampleShape);
      feature.dispose();
      const stacked = await predictProbabilities(tf, run.stacked, sample, [SIZE, SIZE, 3]);
      const exported = await predictProbabilities(tf, back.model, sample, [SIZE, SIZE, 3]);
      stacked.forEach((p, k) => expect(p).toBeCloseTo(viaHead[k]!, 5));
      exported.forEach((p, k) => expect(p).toBeCloseTo(viaHead[k]!, 5));
    }
    back.model.dispose();
    // A fresh page has not registered the graph layer's class: importing registers it.
    delete tf.serialization.SerializationMap.getMap().classNameMap[GRAPH_LAYER_CLASS];
    const fresh = await importModelZip(tf, zip, 'export.zip');
    expect(fresh.model.layers.some((l) => l.getClassName() === GRAPH_LAYER_CLASS)).toBe(true);
    fresh.model.dispose();
    run.head.dispose();
    backbone.dispose();
  }, SLOW_MS);

  it('names the file and what to do: not a model, missing or short weights, an unknown node, an input the data cannot meet', async () => {
    const [json, shard] = files as [BackboneFile, BackboneFile];
    const parsed = JSON.parse(new TextDecoder().decode(json.bytes)) as Record<string, unknown>;
    await expect(loadBackbone(tf, [{ name: 'graph.json', bytes: encode({ format: 'graph-model', node: [] }) }])).rejects.toThrow(/graph.json is not a TensorFlow.js model \(it needs "modelTopology" and "weightsManifest"\): choose the model.json/);
    await expect(loadBackbone(tf, [json])).rejects.toThrow(`model.json needs the weight file ${GRAPH_SHARD}, which was not chosen: select it together with model.json.`);
    await expect(loadBackbone(tf, [json, { name: GRAPH_SHARD, bytes: shard.bytes.slice(0, 64) }])).rejects.toThrow(/model.json: its weight files hold 64 bytes but the model needs \d+: a shard is missing or cut short/);
    // A topology tfjs cannot run: the file is named, with tfjs's reason.
    const broken = { ...parsed, modelTopology: { node: [{ name: 'x', op: 'NoSuchOp', input: [] }] } };
    await expect(loadBackbone(tf, [{ name: 'odd.json', bytes: encode(broken) }, shard])).rejects.toThrow(/odd.json could not be loaded as a graph model/);
    await expect(loadPageBackbone(tf, files, 'block9/out')).rejects.toThrow(/model.json has no node "block9\/out"; its last nodes are .*probs\. Pick one of them \(default: flatten\/Reshape\)/);

    // A string constant (a lookup table) cannot be held as a layer's weight: named, with what to do.
    expect(() => graphWeights([{ name: 'table/keys', shape: [3], dtype: 'string' }], 'hub.json')).toThrow('hub.json: its constant "table/keys" is of type string, which a backbone cannot hold; convert the model without lookup tables or string inputs.');

    const backbone = await loadBackbone(tf, files);
    expect(() => checkFeatureLayer(backbone, 'conv/kernel')).toThrow(/has no node "conv\/kernel"/);
    expect(checkBackboneInput(backbone, [16, 16, 3], [0, 1])).toEqual([`model.json takes 8x8 images but the pipeline gives 16x16: add a preprocess resize to 8x8.`]);
    const wide = quadrantSource(16, 16, 1);
    expect(() => prepareBackboneRun(tf, backbone, GRAPH_FEATURE_NODE, presetPipeline('none'), wide, 4, RUN)).toThrow(/model.json takes 8x8 images but the pipeline gives 16x16/);
    // Fine-tuning is for layers models: a graph model trains a head on its (cached) features.
    const run = prepareBackboneRun(tf, backbone, GRAPH_FEATURE_NODE, presetPipeline('none'), quadrantSource(16, SIZE, 1), 4, { ...RUN, fineTuneLayers: 2 });
    expect(run.fineTune).toBeUndefined();
    expect(run.source).toBeInstanceOf(FeatureSource);
    run.head.dispose();
    backbone.dispose();
  });
});
