// The session with an imported backbone: a head trained on its features for one epoch, then
// prediction through backbone + head; a bad file leaves everything as it was.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { makeBackboneFiles } from './backboneFixture.js';
import type { BackboneFile } from './backbone.js';
import { importModelZip } from './exportModel.js';
import { makeGraphBackboneFiles } from './graphFixture.js';
import { arraySource } from './memorySource.js';
import { createTrainingSession, type BackendChooser, type SessionEvent, type TrainingData } from './session.js';
import { quadrantDataset } from './testing.js';
import { DEFAULT_SETTINGS } from './types.js';

const SIZE = 8;
const SLOW_MS = 60_000;
const cpuOnly: BackendChooser = async (t) => {
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [] };
};
let files: BackboneFile[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  files = await makeBackboneFiles(tf, SIZE);
}, SLOW_MS);

const data = (): Promise<TrainingData> => {
  const { x, labels } = quadrantDataset(48, SIZE, 12);
  const source = arraySource(x, labels, [SIZE, SIZE, 3], 4, { validationFraction: 0.25, seed: 2 });
  return Promise.resolve({ source, classes: ['a', 'b', 'c', 'd'], inputSize: { width: SIZE, height: SIZE }, description: 'quadrants', key: 'q' });
};

describe('session with a backbone', () => {
  it('trains a head one epoch on the backbone and predicts through both', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (cb) => cb() });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    await expect(s.importBackbone([files[0]!])).rejects.toThrow(/model.json needs the weight file/);
    await s.importBackbone(files);
    expect(events.find((e) => e.type === 'backbone')).toMatchObject({ backbone: { fileName: 'model.json', featureLayer: 'features', inputShape: [SIZE, SIZE, 3] } });
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8 }, pipeline: presetPipeline('none'), data });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done', error: null });
    const model = events.find((e) => e.type === 'model');
    // The model the page predicts with takes pixels (the backbone's input), not features.
    expect(model).toMatchObject({ model: { sampleShape: [SIZE, SIZE, 3] } });
    const image = { width: SIZE, height: SIZE, channels: 3, data: new Uint8Array(SIZE * SIZE * 3).fill(200) };
    const prediction = await s.predict(image, 'grey.png');
    expect(prediction.top).toHaveLength(3);
    expect(prediction.top.reduce((sum, t) => sum + t.probability, 0)).toBeLessThanOrEqual(1.0001);
  }, SLOW_MS);

  it('refuses data the backbone cannot take, naming its file', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (cb) => cb() });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    await s.importBackbone(files);
    const wide = (): Promise<TrainingData> => {
      const { x, labels } = quadrantDataset(16, 16, 1);
      return Promise.resolve({ source: arraySource(x, labels, [16, 16, 3], 4, { validationFraction: 0.25, seed: 2 }), classes: ['a', 'b', 'c', 'd'], inputSize: { width: 16, height: 16 }, description: 'q16', key: 'q16' });
    };
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false }, pipeline: presetPipeline('none'), data: wide });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'failed', error: expect.stringMatching(/model.json takes 8x8 images but the pipeline gives 16x16: add a preprocess resize/) });
  }, SLOW_MS);

  it('trains a head on a graph model, predicts through it and exports it inside the bundle', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (cb) => cb() });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    await s.importBackbone(makeGraphBackboneFiles(SIZE, 4, 4, [0, 1]));
    expect(events.find((e) => e.type === 'backbone')).toMatchObject({ backbone: { kind: 'graph', featureLayer: 'flatten/Reshape', inputShape: [SIZE, SIZE, 3], tunableLayers: 0 } });
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8 }, pipeline: presetPipeline('none'), data });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done', error: null });
    const image = { width: SIZE, height: SIZE, channels: 3, data: new Uint8Array(SIZE * SIZE * 3).fill(200) };
    const prediction = await s.predict(image, 'grey.png');
    const { bytes } = await s.exportModel({ settings: DEFAULT_SETTINGS, evaluation: null });
    const back = await importModelZip(tf, bytes, 'export.zip');
    expect(back.model.layers.map((l) => l.getClassName())).toContain('AugplayGraphBackbone');
    back.model.dispose();
    expect(prediction.top).toHaveLength(3);
    // Fine-tuning is for layers models: with a graph model a run trains the head only.
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8, fineTuneLayers: 1 }, pipeline: presetPipeline('none'), data });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done', error: null });
  }, SLOW_MS);

  it('fine-tunes the last layer of a layers backbone when asked', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (cb) => cb() });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    await s.importBackbone(files);
    expect(events.find((e) => e.type === 'backbone')).toMatchObject({ backbone: { kind: 'layers', tunableLayers: 2 } });
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8, fineTuneLayers: 1 }, pipeline: presetPipeline('none'), data });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done', error: null });
    const { bytes } = await s.exportModel({ settings: DEFAULT_SETTINGS, evaluation: null });
    const back = await importModelZip(tf, bytes, 'export.zip');
    expect(back.model.getLayer('features')).toBeDefined();
    back.model.dispose();
  }, SLOW_MS);

  it('takes the input range the user states for a model that does not, and checks the pipeline against it', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (cb) => cb() });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    await s.importBackbone(makeGraphBackboneFiles(SIZE));
    expect(events.filter((e) => e.type === 'backbone').at(-1)).toMatchObject({ backbone: { inputRange: null } });
    await s.setBackboneLayer('flatten/Reshape', [-1, 1]);
    expect(events.filter((e) => e.type === 'backbone').at(-1)).toMatchObject({ backbone: { inputRange: [-1, 1], featureLayer: 'flatten/Reshape' } });
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8 }, pipeline: presetPipeline('none'), data });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'failed', error: expect.stringMatching(/model.json expects pixel values in \[-1, 1\] but the pipeline's preprocess steps give \[0, 1\]: set its rescale step/) });
  }, SLOW_MS);

  it('a bad file or a layer name that does not exist changes nothing: the backbone, its layer and the trained model stay', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (cb) => cb() });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    await s.importBackbone(files);
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8 }, pipeline: presetPipeline('none'), data });
    const image = { width: SIZE, height: SIZE, channels: 3, data: new Uint8Array(SIZE * SIZE * 3).fill(90) };
    const before = await s.predict(image, 'dark.png');
    const seen = events.length;
    const graph = makeGraphBackboneFiles(SIZE);
    await expect(s.importBackbone([graph[0]!])).rejects.toThrow(/model.json needs the weight file group1-shard1of1.bin/);
    await expect(s.importBackbone([{ name: 'notes.json', bytes: new TextEncoder().encode('{"a": 1}') }])).rejects.toThrow(/notes.json is not a TensorFlow.js model/);
    await expect(s.importBackbone([{ name: 'a.json', bytes: new Uint8Array() }, { name: 'b.json', bytes: new Uint8Array() }])).rejects.toThrow(/More than one .json file among a.json, b.json/);
    await expect(s.importBackbone(graph, 'no/such/node')).rejects.toThrow(/model.json has no node "no\/such\/node"/);
    await expect(s.setBackboneLayer('block9')).rejects.toThrow(/model.json has no layer "block9"; its last layers are .*features/);
    // No event: the page still shows the first backbone and its model.
    expect(events.slice(seen)).toEqual([]);
    expect(await s.predict(image, 'dark.png')).toEqual(before);
    await s.start({ settings: { ...DEFAULT_SETTINGS, epochs: 1, autoEpochs: false, batchSize: 8 }, pipeline: presetPipeline('none'), data });
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done', error: null });
    expect(events.filter((e) => e.type === 'model').at(-1)).toMatchObject({ model: { sampleShape: [SIZE, SIZE, 3] } });
  }, SLOW_MS);
});
