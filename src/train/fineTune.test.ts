// Fine-tuning the last layers of an imported layers backbone: only the unfrozen layers change, at
// the stated share of the rate; frozen layers (batch norm included) stay as imported; with it off
// the backbone does not change at all; the next run starts again from the imported weights.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { loadBackbone, type Backbone, type BackboneFile } from './backbone.js';
import { prepareBackboneRun } from './backboneRun.js';
import { exportModelZip, importModelZip, makeMetadata } from './exportModel.js';
import { quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS, type TrainSettings } from './types.js';

const SIZE = 8;
const SHARD = 'weights.bin';
/** Bounds a hang on a busy shared machine; not a speed check. */
const SLOW_MS = 60_000;
const immediately = (callback: () => void) => callback();

/** conv -> batch norm -> pool -> flatten -> dense "features" -> classifier, untrained (seeded), saved as files. */
async function bnBackboneFiles(): Promise<BackboneFile[]> {
  const net = tf.sequential({ name: 'bn_backbone' });
  net.add(tf.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 11 }), name: 'conv' }));
  net.add(tf.layers.batchNormalization({ name: 'bn' }));
  net.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }));
  net.add(tf.layers.flatten({ name: 'flatten' }));
  net.add(tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 12 }), name: 'features' }));
  net.add(tf.layers.dense({ units: 4, name: 'classifier' }));
  let saved: tf.io.ModelArtifacts | undefined;
  await net.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  net.dispose();
  const modelJson = { format: 'layers-model', modelTopology: saved!.modelTopology, weightsManifest: [{ paths: [SHARD], weights: saved!.weightSpecs }] };
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: SHARD, bytes: new Uint8Array(tf.io.CompositeArrayBuffer.join(saved!.weightData!)) },
  ];
}

let files: BackboneFile[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  files = await bnBackboneFiles();
});

/** Every backbone weight, by layer. */
async function snapshot(backbone: Backbone): Promise<Record<string, Float32Array[]>> {
  const out: Record<string, Float32Array[]> = {};
  for (const layer of backbone.layers!.layers) out[layer.name] = (await Promise.all(layer.getWeights().map((w) => w.data()))) as Float32Array[];
  return out;
}

/** Trains one prepared run (as the session does) and returns it with the trainer's last epoch. */
async function train(backbone: Backbone, settings: TrainSettings) {
  const run = prepareBackboneRun(tf, backbone, 'features', presetPipeline('none'), quadrantSource(64, SIZE, 5), 4, settings);
  const trainer = new Trainer(tf, run.fineTune?.model ?? run.head, run.source, settings, { scheduler: immediately, ...(run.fineTune ? { slowWeights: run.fineTune.slowWeights } : {}) });
  await trainer.run();
  trainer.dispose();
  return { run, last: trainer.history.at(-1)! };
}

const BASE: TrainSettings = { ...DEFAULT_SETTINGS, epochs: 12, batchSize: 8, learningRate: 0.01, schedule: 'constant', warmupFraction: 0, labelSmoothing: 0 };

describe('fine-tuning the last layers of a backbone', () => {
  it('changes only the unfrozen layer (batch-norm statistics of frozen layers stay), with the head above a stated accuracy', async () => {
    const backbone = await loadBackbone(tf, files);
    const before = await snapshot(backbone);
    const { run, last } = await train(backbone, { ...BASE, fineTuneLayers: 1 });
    // The run trains on pixels: there is no feature cache to fill.
    expect(run.source).not.toHaveProperty('backbonePasses');
    const after = await snapshot(backbone);
    expect(after.features).not.toEqual(before.features);
    expect(after.conv).toEqual(before.conv);
    expect(after.bn).toEqual(before.bn);
    // Chance is 0.25 on the four quadrants.
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.75);
    // The export holds the fine-tuned backbone weights.
    const metadata = makeMetadata(tf, { preset: 'mlp', sampleShape: [SIZE, SIZE, 3], layout: 'NHWC', inputSize: { width: SIZE, height: SIZE } });
    const back = await importModelZip(tf, await exportModelZip(tf, { model: run.stacked, pipeline: presetPipeline('none'), classes: ['a', 'b', 'c', 'd'], metadata }), 'tuned.zip');
    expect(await back.model.getLayer('features').getWeights()[0]!.data()).toEqual(after.features![0]);
    back.model.dispose();
    run.head.dispose();
    backbone.dispose();
  }, SLOW_MS);

  it('with fine-tuning off, no backbone weight changes; the next run starts from the imported weights', async () => {
    const backbone = await loadBackbone(tf, files);
    const before = await snapshot(backbone);
    const tuned = await train(backbone, { ...BASE, epochs: 2, fineTuneLayers: 3 });
    expect((await snapshot(backbone)).conv).not.toEqual(before.conv);
    tuned.run.head.dispose();
    const { run, last } = await train(backbone, { ...BASE, fineTuneLayers: 0 });
    expect(run.fineTune).toBeUndefined();
    expect(await snapshot(backbone)).toEqual(before);
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.75);
    run.head.dispose();
    backbone.dispose();
  }, SLOW_MS);

  it('moves the unfrozen weights by the rate factor times what the full rate would (one SGD step)', async () => {
    const step = async (factor: number) => {
      const backbone = await loadBackbone(tf, files);
      const before = (await backbone.layers!.getLayer('features').getWeights()[0]!.data()) as Float32Array;
      const settings = { ...BASE, epochs: 1, batchSize: 48, optimizer: 'sgd' as const, fineTuneLayers: 1, fineTuneRateFactor: factor };
      const { run } = await train(backbone, settings);
      const after = (await backbone.layers!.getLayer('features').getWeights()[0]!.data()) as Float32Array;
      run.head.dispose();
      backbone.dispose();
      return after.map((v, i) => v - before[i]!);
    };
    const full = await step(1);
    const tenth = await step(0.1);
    const moved = full.reduce((n, d) => n + Math.abs(d), 0);
    expect(moved).toBeGreaterThan(0);
    tenth.forEach((d, i) => expect(d).toBeCloseTo(full[i]! * 0.1, 6));
  }, SLOW_MS);

  it('refuses a rate factor outside (0, 1], naming the setting', async () => {
    const backbone = await loadBackbone(tf, files);
    await expect(train(backbone, { ...BASE, fineTuneLayers: 1, fineTuneRateFactor: 0 })).rejects.toThrow('Fine-tune rate factor must be in (0, 1], got 0.');
    backbone.dispose();
  });
});
