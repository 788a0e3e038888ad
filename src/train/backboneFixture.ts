// A small "pretrained" backbone for tests: conv, pool, flatten, a 16-unit feature layer and a
// classifier, trained for a moment on the quadrant set, saved as model.json + one weight shard.
import type * as tfTypes from '@tensorflow/tfjs';
import type { BackboneFile } from './backbone.js';
import { quadrantSource } from './testing.js';
import { Trainer } from './trainer.js';
import { DEFAULT_SETTINGS } from './types.js';

type Tf = typeof tfTypes;

export const FIXTURE_SHARD = 'group1-shard1of1.bin';

export async function makeBackboneFiles(tf: Tf, size = 8): Promise<BackboneFile[]> {
  const net = tf.sequential({ name: 'tiny_backbone' });
  net.add(tf.layers.conv2d({ inputShape: [size, size, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 3 }), name: 'conv' }));
  net.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }));
  net.add(tf.layers.flatten({ name: 'flatten' }));
  net.add(tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 4 }), name: 'features' }));
  net.add(tf.layers.dropout({ rate: 0.1, name: 'drop' }));
  net.add(tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }), name: 'classifier' }));
  const trainer = new Trainer(tf, net, quadrantSource(64, size, 21), { ...DEFAULT_SETTINGS, epochs: 3, batchSize: 8, learningRate: 0.01 }, { scheduler: (callback) => callback() });
  await trainer.run();
  trainer.dispose();
  let saved: tfTypes.io.ModelArtifacts | undefined;
  await net.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  net.dispose();
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('tfjs saved the fixture backbone without weights');
  const modelJson = {
    format: 'layers-model',
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [FIXTURE_SHARD], weights: saved.weightSpecs }],
    userDefinedMetadata: { augplay: { inputRange: [0, 1] } },
  };
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: FIXTURE_SHARD, bytes: new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData)) },
  ];
}
